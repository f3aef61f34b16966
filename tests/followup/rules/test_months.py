from datetime import date

import pytest

from followup.rules.months import add_months


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(date(2026, 1, 15), 6, date(2026, 7, 15), id="plain: day kept"),
        pytest.param(date(2026, 1, 15), 60, date(2031, 1, 15), id="5 years"),
        pytest.param(date(2027, 8, 31), 6, date(2028, 2, 29), id="end of month into leap February"),
        pytest.param(date(2026, 8, 31), 6, date(2027, 2, 28), id="end of month into common February"),
        pytest.param(date(2028, 2, 29), 12, date(2029, 2, 28), id="leap day + 1 year"),
        pytest.param(date(2028, 2, 29), 48, date(2032, 2, 29), id="leap day + 4 years"),
        pytest.param(date(2026, 3, 31), 1, date(2026, 4, 30), id="31st into a 30-day month"),
        pytest.param(date(2026, 10, 31), 3, date(2027, 1, 31), id="across the year end"),
        pytest.param(date(2026, 1, 31), -2, date(2025, 11, 30), id="negative months"),
        pytest.param(date(2026, 1, 15), 0, date(2026, 1, 15), id="zero"),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected
