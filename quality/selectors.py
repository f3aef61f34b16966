"""What the pages and the API read: the indicators page (figures, trends, distributions, charts), the rows
behind one indicator, and the rows of the CSV export."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator

from quality import charts
from quality import indicators as ind
from quality.norms import norms_for
from quality.period import Period
from quality.rules.norms import Interval, Unit
from quality.stats import without_jit

DISTRIBUTION_TITLES = {
    "wait_first_visit": Interval.FIRST_VISIT, "wait_diagnosis": Interval.DIAGNOSIS,
    "wait_treatment": Interval.TREATMENT,
}


@dataclass
class IndicatorsPage:
    period: Period
    indicators: list[ind.Indicator]
    trend_charts: list[charts.Chart]
    distribution_charts: list[charts.Chart]
    trend_rows: dict[str, list[tuple[date, int, int]]]


def indicators_page(*, period: Period, today: date, with_charts: bool = True) -> IndicatorsPage:
    results = ind.results(pathway_id=period.pathway_id, start=period.start, end=period.end, today=today,
                          with_charts=with_charts)
    figures, trend_rows = results.indicators, results.trends
    trend_charts: list[charts.Chart] = []
    dist_charts: list[charts.Chart] = []
    if with_charts:
        titles = {i.family: i.title for i in figures if i.measure == "share"}
        trend_charts = [charts.trend_chart(code, titles[code], rows) for code, rows in trend_rows.items()
                        if code in titles]
        pn = norms_for([period.pathway_id])[period.pathway_id]
        for code, buckets in results.distributions.items():
            norm = pn.norm(DISTRIBUTION_TITLES[code])
            weeks = norm.value if norm is not None and norm.unit is Unit.WEEKS else None
            dist_charts.append(charts.distribution_chart(code, titles.get(code, code), buckets, weeks))
    return IndicatorsPage(period, figures, trend_charts, dist_charts, trend_rows)


def _family_of(code: str, period: Period, today: date) -> Any:
    spec = ind.SPEC_BY_CODE[code]
    if spec.family == "mdo_quorum":
        raise ValueError("quorum rows are sessions")
    pn = norms_for([period.pathway_id])[period.pathway_id]
    return ind.family_rows(spec.family, period.pathway_id, today, pn, (period.start, period.end))


def indicator_rows(*, code: str, period: Period, today: date) -> list[dict[str, Any]]:
    """The rows behind an indicator (its family) in the period, oldest first, with the patient's identity (the
    CSV export): one query (JIT off, see stats.without_jit)."""
    family = _family_of(code, period, today)
    with without_jit():
        return list(ind.indicator_rows(family, period.start, period.end))


def indicator_rows_page(*, code: str, period: Period, today: date, page: Any, per_page: int) -> Page[Any]:
    """One page of indicator_rows: a count and the page's rows (a year of follow-up visits is 18,000 rows)."""
    family = _family_of(code, period, today)
    with without_jit():
        shown = Paginator(ind.indicator_rows(family, period.start, period.end), per_page).get_page(page)
        shown.object_list = list(shown.object_list)
    return shown
