"""Days on which no MDO is planned: Dutch public holidays, plus Good Friday.

Source: the `holidays` package (holidays.NL, category "public"). Good Friday is not a statutory
public holiday in the Netherlands, but it is a common day off for Dutch hospitals and the MDO brief
requires it (e.g. 2027-03-26); holidays.NL 0.109 lists it, and we add it explicitly so that the rule
does not depend on what a future version of the package decides. Liberation Day (5 May) is a public
holiday in holidays.NL only in lustrum years (2025, 2030, ...) and is taken as such.

Holiday names are given in Dutch (the hospital's language, stored on the cancelled session) and can
be looked up in English for the English UI.
"""

from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays as holidays_lib

GOOD_FRIDAY = {"nl": "Goede vrijdag", "en": "Good Friday"}
_PACKAGE_LANGUAGE = {"nl": "nl", "en": "en_US"}


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def good_friday(year: int) -> date:
    return easter_sunday(year) - timedelta(days=2)


@lru_cache(maxsize=64)
def _year(year: int, language: str) -> Mapping[date, str]:
    if language not in _PACKAGE_LANGUAGE:
        raise ValueError(f"unsupported language {language!r}")
    days = dict(holidays_lib.country_holidays("NL", years=year, language=_PACKAGE_LANGUAGE[language]).items())
    days.setdefault(good_friday(year), GOOD_FRIDAY[language])
    return MappingProxyType(days)


def hospital_holidays(years: range | list[int] | tuple[int, ...], *, language: str = "nl") -> dict[date, str]:
    """Every day off (date -> name) in the given years."""
    result: dict[date, str] = {}
    for year in years:
        result.update(_year(year, language))
    return result


def holiday_name(day: date, *, language: str = "nl") -> str | None:
    return _year(day.year, language).get(day)
