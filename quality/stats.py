"""Medians and percentiles of durations: PostgreSQL's percentile_cont in the database; on SQLite (the demo) the
same linear interpolation over the values the query returns."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Aggregate, DurationField, Q, QuerySet


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


def percentile_aggregates(expression: Any, fractions: tuple[float, ...], condition: Q) -> dict[str, Aggregate]:
    """On PostgreSQL, percentile_cont aggregates of a duration over the rows meeting `condition`, named p0, p1 ...
    (to add to the aggregate query that counts the same rows); none on SQLite (see `percentiles`)."""
    if connection.vendor != "postgresql":
        return {}
    return {f"p{i}": PercentileCont(expression, f, filter=condition or None) for i, f in enumerate(fractions)}


def percentiles(aggregated: dict[str, Any], fractions: tuple[float, ...],
                durations: QuerySet[Any]) -> list[timedelta | None]:
    """The percentiles: from the aggregate row (PostgreSQL), else interpolated over the durations the (lazy)
    queryset returns."""
    if connection.vendor == "postgresql":
        return [aggregated[f"p{i}"] for i in range(len(fractions))]
    values = sorted(v.total_seconds() for v in durations if v is not None)
    out = []
    for f in fractions:
        seconds = interpolate(values, f)
        out.append(None if seconds is None else timedelta(seconds=seconds))
    return out


@contextmanager
def without_jit() -> Iterator[None]:
    """PostgreSQL compiles (JIT) a query whose estimated cost passes jit_above_cost. The per-row subqueries of the
    tumour families put their estimates there although they run in tens of milliseconds, and compiling takes
    40 ms to most of a second per query. Off for the queries inside (SET LOCAL: this transaction only)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield
