from datetime import date, timedelta

import pytest

from mdo.rules import calendar
from mdo.rules.calendar import easter_sunday, good_friday, holiday_name, hospital_holidays


@pytest.mark.parametrize(("year", "expected"), [
    pytest.param(1818, date(1818, 3, 22), id="Easter earliest possible (22 March) 1818"),
    pytest.param(2024, date(2024, 3, 31), id="Easter 2024"),
    pytest.param(2025, date(2025, 4, 20), id="Easter 2025"),
    pytest.param(2026, date(2026, 4, 5), id="Easter 2026"),
    pytest.param(2027, date(2027, 3, 28), id="Easter 2027"),
    pytest.param(2028, date(2028, 4, 16), id="Easter 2028"),
    pytest.param(2029, date(2029, 4, 1), id="Easter 2029"),
    pytest.param(2030, date(2030, 4, 21), id="Easter 2030"),
    pytest.param(2038, date(2038, 4, 25), id="Easter latest possible (25 April) 2038"),
    pytest.param(2285, date(2285, 3, 22), id="Easter earliest possible 2285"),
])
def test_easter_sunday(year: int, expected: date) -> None:
    assert easter_sunday(year) == expected
    assert good_friday(year) == expected - timedelta(days=2)


# Every Friday (the sarcoma MDO's day) on which the Netherlands has a day off, 2026-2031.
FRIDAY_HOLIDAYS = [
    pytest.param(date(2026, 4, 3), "Goede vrijdag", "Good Friday", id="2026 Good Friday"),
    pytest.param(date(2026, 12, 25), "Eerste kerstdag", "Christmas Day", id="2026 Christmas Friday"),
    pytest.param(date(2027, 1, 1), "Nieuwjaarsdag", "New Year's Day", id="2027 New Year Friday"),
    pytest.param(date(2027, 3, 26), "Goede vrijdag", "Good Friday", id="2027 Good Friday"),
    pytest.param(date(2028, 4, 14), "Goede vrijdag", "Good Friday", id="2028 Good Friday"),
    pytest.param(date(2029, 3, 30), "Goede vrijdag", "Good Friday", id="2029 Good Friday"),
    pytest.param(date(2029, 4, 27), "Koningsdag", "King's Day", id="2029 King's Day on a Friday"),
    pytest.param(date(2030, 4, 19), "Goede vrijdag", "Good Friday", id="2030 Good Friday"),
    pytest.param(date(2031, 4, 11), "Goede vrijdag", "Good Friday", id="2031 Good Friday"),
    pytest.param(date(2031, 12, 26), "Tweede kerstdag", "Second Day of Christmas", id="2031 Boxing Day Friday"),
]


@pytest.mark.parametrize(("day", "dutch", "english"), FRIDAY_HOLIDAYS)
def test_friday_holidays_have_their_names(day: date, dutch: str, english: str) -> None:
    assert holiday_name(day) == dutch
    assert holiday_name(day, language="en") == english


def test_the_friday_holidays_listed_are_all_there_are() -> None:
    fridays = sorted(d for d in hospital_holidays(range(2026, 2032)) if d.weekday() == 4)
    assert fridays == [p.values[0] for p in FRIDAY_HOLIDAYS]


@pytest.mark.parametrize(("day", "expected"), [
    pytest.param(date(2027, 3, 19), None, id="ordinary Friday"),
    pytest.param(date(2027, 5, 5), None, id="Liberation Day outside a lustrum year is no day off"),
    pytest.param(date(2025, 5, 5), "Bevrijdingsdag", id="Liberation Day in a lustrum year (2025)"),
    pytest.param(date(2027, 5, 6), "Hemelvaartsdag", id="Ascension Day (Thursday)"),
    pytest.param(date(2027, 3, 29), "Tweede paasdag", id="Easter Monday"),
])
def test_other_days(day: date, expected: str | None) -> None:
    assert holiday_name(day) == expected


def test_good_friday_is_included_even_if_the_package_drops_it(monkeypatch: pytest.MonkeyPatch) -> None:
    real = calendar.holidays_lib.country_holidays

    def without_good_friday(*args: object, **kwargs: object) -> dict[date, str]:
        return {d: n for d, n in real(*args, **kwargs).items() if n not in ("Goede vrijdag", "Good Friday")}

    calendar._year.cache_clear()
    monkeypatch.setattr(calendar.holidays_lib, "country_holidays", without_good_friday)
    try:
        assert holiday_name(date(2027, 3, 26)) == "Goede vrijdag"
        assert holiday_name(date(2027, 3, 26), language="en") == "Good Friday"
        assert holiday_name(date(2027, 1, 1)) == "Nieuwjaarsdag"
    finally:
        calendar._year.cache_clear()


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        holiday_name(date(2027, 1, 1), language="de")
