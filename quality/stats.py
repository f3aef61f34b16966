"""Medians and percentiles of durations: PostgreSQL's percentile_cont in the database; on SQLite (the demo) the
same linear interpolation over the values the query returns."""

from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.models import Aggregate, DurationField, QuerySet


class PercentileCont(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(%(percentile)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()

    def __init__(self, expression: Any, percentile: float, **extra: Any) -> None:
        super().__init__(expression, percentile=float(percentile), **extra)


def interpolate(values: list[float], fraction: float) -> float | None:
    """percentile_cont: linear interpolation between the closest ranks (values sorted)."""
    if not values:
        return None
    position = fraction * (len(values) - 1)
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def percentiles(qs: QuerySet[Any], field: str, fractions: tuple[float, ...]) -> list[timedelta | None]:
    """The percentiles of a duration annotation over the queryset: one query."""
    if connection.vendor == "postgresql":
        row = qs.aggregate(**{f"p{i}": PercentileCont(field, f) for i, f in enumerate(fractions)})
        return [row[f"p{i}"] for i in range(len(fractions))]
    values = sorted(v.total_seconds() for v in qs.values_list(field, flat=True) if v is not None)
    out = []
    for f in fractions:
        seconds = interpolate(values, f)
        out.append(None if seconds is None else timedelta(seconds=seconds))
    return out
