"""Indicators for a period and a pathway: numerator, denominator, value, the norm (with its unit) and a status;
the monthly trend, the distribution of each waiting time, and the rows behind each indicator. Set-based: SQL
aggregates over the families' rows (quality.families), a constant number of queries whatever the data."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils.translation import gettext_lazy as _

from mdo.models import MdoSession, SessionStatus
from mdo.selectors import quorum_prefetch, session_quorum
from quality import families as fam
from quality.norms import PathwayNorms, norms_for
from quality.rules.norms import Interval, Norm, Status
from quality.stats import percentile_aggregates, percentiles, without_jit
from zorgpad.pathways import registry


@dataclass(frozen=True)
class Spec:
    code: str
    title: Any
    family: str  # the family of rows behind it (shared by its median/p90 siblings)
    measure: str = "share"  # share | median | p90
    interval: Interval | None = None  # the norm that applies
    time_unit: str = "days"


SPECS: tuple[Spec, ...] = (
    Spec("mdo_before_treatment", _("Discussed in the MDO before treatment (where the pathway asks for it)"),
         "mdo_before_treatment"),
    Spec("mdo_quorum", _("MDO sessions that reached quorum"), "mdo_quorum"),
    Spec("wait_first_visit", _("Referral to first visit within the norm"), "wait_first_visit",
         interval=Interval.FIRST_VISIT),
    Spec("wait_first_visit_median", _("Referral to first visit: median"), "wait_first_visit", "median",
         Interval.FIRST_VISIT),
    Spec("wait_first_visit_p90", _("Referral to first visit: 90th percentile"), "wait_first_visit", "p90",
         Interval.FIRST_VISIT),
    Spec("wait_diagnosis", _("First visit to diagnosis within the norm"), "wait_diagnosis",
         interval=Interval.DIAGNOSIS),
    Spec("wait_diagnosis_median", _("First visit to diagnosis: median"), "wait_diagnosis", "median",
         Interval.DIAGNOSIS),
    Spec("wait_diagnosis_p90", _("First visit to diagnosis: 90th percentile"), "wait_diagnosis", "p90",
         Interval.DIAGNOSIS),
    Spec("wait_treatment", _("First visit to start of treatment within the norm"), "wait_treatment",
         interval=Interval.TREATMENT),
    Spec("wait_treatment_median", _("First visit to start of treatment: median"), "wait_treatment", "median",
         Interval.TREATMENT),
    Spec("wait_treatment_p90", _("First visit to start of treatment: 90th percentile"), "wait_treatment", "p90",
         Interval.TREATMENT),
    Spec("followup_in_window", _("Follow-up visits done within their window"), "followup_in_window"),
    Spec("items_done", _("Pathway items done"), "items_done"),
    Spec("items_deviated", _("Pathway items deviated (with a reason)"), "items_deviated"),
    Spec("items_open", _("Pathway items still open after the set number of days"), "items_open"),
    Spec("referral_to_triage", _("Referrals triaged by their due date"), "referral_to_triage"),
    Spec("referral_to_triage_median", _("Referral to triage: median"), "referral_to_triage", "median"),
    Spec("referral_to_triage_p90", _("Referral to triage: 90th percentile"), "referral_to_triage", "p90"),
    Spec("print_run_printed", _("Print runs printed"), "print_runs"),
    Spec("print_run_median", _("Print run created to printed: median"), "print_runs", "median",
         time_unit="hours"),
    Spec("print_run_p90", _("Print run created to printed: 90th percentile"), "print_runs", "p90",
         time_unit="hours"),
)
SPEC_BY_CODE = {s.code: s for s in SPECS}
WAITING_FAMILIES = ("wait_first_visit", "wait_diagnosis", "wait_treatment")


@dataclass
class Indicator:
    code: str
    title: Any
    numerator: int
    denominator: int
    value: float | None
    norm: dict[str, Any] | None
    status: str
    family: str
    measure: str
    time_unit: str = "days"
    accounted: int = 0
    breakdown: list[tuple[Any, int]] = field(default_factory=list)

    def as_api(self) -> dict[str, Any]:
        return {"code": self.code, "title": str(self.title), "numerator": self.numerator,
                "denominator": self.denominator, "value": self.value, "norm": self.norm, "status": self.status}


def family_rows(code: str, pathway_id: str, today: date, pn: PathwayNorms,
                window: fam.Window = None) -> fam.Family:
    """The rows of a family; `window` (the period) lets the costly families pick their candidate rows first."""
    builders: dict[str, Callable[[], fam.Family]] = {
        "mdo_before_treatment": lambda: fam.mdo_before_treatment(pathway_id, window),
        "wait_first_visit": lambda: fam.wait_first_visit(pathway_id, pn.norm(Interval.FIRST_VISIT)),
        "wait_diagnosis": lambda: fam.wait_diagnosis(pathway_id, pn.norm(Interval.DIAGNOSIS), window),
        "wait_treatment": lambda: fam.wait_treatment(pathway_id, pn.norm(Interval.TREATMENT), window),
        "followup_in_window": lambda: fam.followup_in_window(pathway_id),
        "items_done": lambda: fam.items(pathway_id, today, "done", window),
        "items_deviated": lambda: fam.items(pathway_id, today, "deviated", window),
        "items_open": lambda: fam.items(pathway_id, today, "open", window),
        "referral_to_triage": lambda: fam.referral_to_triage(pathway_id, window),
        "print_runs": fam.print_runs,
    }
    return builders[code]()


def _norm_json(norm: Norm | None) -> dict[str, Any] | None:
    return None if norm is None else {"value": norm.value, "unit": norm.unit.value}


def _norm_days(norm: Norm | None) -> float | None:
    span = fam.norm_span(norm) if norm else None
    return span.days if span is not None else None


def _in_period(family: fam.Family, start: date, end: date) -> Q:
    """Counted in the period: its `end` lies in it, and the family counts it."""
    return Q(end__gte=start, end__lte=end) & family.counted


def period_rows(family: fam.Family, start: date, end: date) -> QuerySet[Any]:
    """The family's rows counted in the period, as a filter (to list them)."""
    return family.qs.filter(_in_period(family, start, end))


def _aggregated_rows(family: fam.Family, start: date, end: date) -> QuerySet[Any]:
    """The rows to aggregate over. A fenced family's: an inner query that computes the annotations once per row
    (DISTINCT, a no-op as it holds the pk, keeps PostgreSQL from pulling it up into the aggregating query, which
    would compute them again in every aggregate and filter); the aggregates then filter on its columns. The
    others' annotations are plain columns: their rows in the period, aggregated directly."""
    if family.fenced:
        return family.qs.values("pk", "start", "end", "accounted").distinct()
    return period_rows(family, start, end)


def patient_fields(family: fam.Family) -> dict[str, Any]:
    if not family.patient:
        return {}
    p = family.patient
    return {"patient_external_id": F(f"{p}__external_id"), "hospital_number": F(f"{p}__hospital_number"),
            "prefix": F(f"{p}__family_name_prefix"), "family_name": F(f"{p}__family_name"),
            "initials": F(f"{p}__initials"), "given_names": F(f"{p}__given_names")}


def indicator_rows(family: fam.Family, start: date, end: date) -> QuerySet[Any]:
    """The rows behind an indicator in the period, oldest first: start, end, duration, in the numerator,
    accounted for, and the patient's identity."""
    timed = {"dur": family.dur} if family.dur is not None else {}
    # `accounted` implies the numerator in every family: the raw flag is the accounted-for one.
    return (period_rows(family, start, end)
            .values("pk", "start", "end", "accounted", num=fam.flag(family.num), **timed, **patient_fields(family))
            .order_by("end", "pk"))


def mdo_sessions(pathway_id: str, start: date, end: date, today: date) -> list[MdoSession]:
    """Sessions held (not cancelled, day passed) in the period, of the MDO type the pathway names."""
    definition = next(d for d in registry.definitions() if d.id == pathway_id)
    return list(MdoSession.objects.filter(mdo_type__code=definition.mdo.mdo_type_key, date__gte=start,
                                          date__lte=min(end, today - timedelta(days=0)))
                .exclude(status=SessionStatus.CANCELLED).select_related("mdo_type")
                .prefetch_related(*quorum_prefetch())
                .order_by("date", "id"))


PERCENTILES = (0.5, 0.9)
WEEK_BUCKETS = 13  # 0, 1, ... 11 weeks, and 12 weeks or more
TREND_FAMILIES = ("mdo_before_treatment", *WAITING_FAMILIES, "followup_in_window", "items_done", "items_deviated",
                  "items_open", "referral_to_triage")


@dataclass(frozen=True)
class Summary:
    """What one aggregate query over a family's rows gives: the period's figures (n_total, n_num, n_accounted,
    and for timed families p50 and p90), and where asked the months of the trend and the weeks of the
    distribution."""

    figures: dict[str, Any]
    months: list[tuple[date, int, int]]  # (month, numerator, denominator)
    weeks: list[tuple[int, int]]  # (weeks, rows)


def _summary(code: str, family: fam.Family, start: date, end: date, months: list[date], weeks: bool) -> Summary:
    """One aggregate query (on SQLite, a second one for the percentiles); `months` (the trend) and the period
    lie within the window the family was built for."""
    qs = _aggregated_rows(family, min([start, *months]), end)
    counted = _in_period(family, start, end)
    num = counted & family.num
    aggregates: dict[str, Any] = {"n_total": Count("pk", filter=counted),
                                  "n_num": Count("pk", filter=num),
                                  "n_accounted": Count("pk", filter=num & Q(accounted=True))}
    if family.dur is not None:
        aggregates |= percentile_aggregates(family.dur, PERCENTILES, counted & family.timed)
    for i, month in enumerate(months):
        last = min(end, months[i + 1] - timedelta(days=1)) if i + 1 < len(months) else end
        in_month = _in_period(family, month, last)
        aggregates[f"total{i}"] = Count("pk", filter=in_month)
        aggregates[f"num{i}"] = Count("pk", filter=in_month & family.num)
    for week in range(WEEK_BUCKETS if weeks else 0):  # a negative duration counts as 0 weeks
        bucket = counted
        if week > 0:
            bucket &= Q(GreaterThanOrEqual(family.dur, timedelta(weeks=week)))
        if week < WEEK_BUCKETS - 1:
            bucket &= Q(LessThan(family.dur, timedelta(weeks=week + 1)))
        aggregates[f"week{week}"] = Count("pk", filter=bucket)
    row = qs.aggregate(**aggregates)
    figures = {k: row[k] for k in ("n_total", "n_num", "n_accounted")}
    if family.dur is not None:
        durations = period_rows(family, start, end).filter(family.timed).values_list(family.dur, flat=True)
        figures["p50"], figures["p90"] = percentiles(row, PERCENTILES, durations)
    if code == "items_deviated":
        figures["breakdown"] = list(period_rows(family, start, end).filter(family.num).values_list("reason_code")
                                    .annotate(n=Count("pk")).order_by("-n", "reason_code"))
    return Summary(figures, [(m, row[f"num{i}"], row[f"total{i}"]) for i, m in enumerate(months)],
                   [(week, row[f"week{week}"]) for week in range(WEEK_BUCKETS if weeks else 0)])


@dataclass(frozen=True)
class Results:
    indicators: list[Indicator]
    trends: dict[str, list[tuple[date, int, int]]]  # per share family: the 12 months up to the period's end
    distributions: dict[str, list[tuple[int, int]]]  # per waiting time: rows per week


def results(*, pathway_id: str, start: date, end: date, today: date, with_charts: bool = True) -> Results:
    """Every indicator of the period, and with the charts the trends and distributions: one aggregate query per
    family whatever the data (the figures, the trend's months and the distribution's weeks together). PostgreSQL's
    JIT is off for them (see stats.without_jit)."""
    pn = norms_for([pathway_id])[pathway_id]
    months = month_starts(end) if with_charts else []
    window = (min([start, *months]), end)
    summaries: dict[str, Summary] = {}
    with without_jit():
        for code in dict.fromkeys(s.family for s in SPECS if s.family != "mdo_quorum"):
            family = family_rows(code, pathway_id, today, pn, window)
            summaries[code] = _summary(code, family, start, end, months if code in TREND_FAMILIES else [],
                                       with_charts and code in WAITING_FAMILIES)
    sessions = mdo_sessions(pathway_id, window[0], end, today)
    out: list[Indicator] = []
    for spec in SPECS:
        norm = pn.norm(spec.interval) if spec.interval else None
        if spec.family == "mdo_quorum":
            held = [s for s in sessions if start <= s.date]
            met = sum(session_quorum(session=s).met for s in held)
            out.append(_share(spec, met, len(held), None, 0))
            continue
        f = summaries[spec.family].figures
        if spec.measure == "share":
            ind = _share(spec, f["n_num"], f["n_total"], norm, f["n_accounted"])
            ind.breakdown = f.get("breakdown", [])
            out.append(ind)
        else:
            span = f["p50"] if spec.measure == "median" else f["p90"]
            divisor = 3600 if spec.time_unit == "hours" else 86400
            value = None if span is None else round(span.total_seconds() / divisor, 1)
            limit = _norm_days(norm)
            if value is None or limit is None:
                status = Status.NOT_APPLICABLE.value
            else:
                status = (Status.ON_TIME if value <= limit else Status.LATE).value
            out.append(Indicator(spec.code, spec.title, f["n_num"], f["n_total"], value, _norm_json(norm), status,
                                 spec.family, spec.measure, spec.time_unit, f["n_accounted"]))
    trends: dict[str, list[tuple[date, int, int]]] = {}
    if with_charts:
        trends = {code: summaries[code].months for code in TREND_FAMILIES}
        by_month: dict[date, list[int]] = {m: [0, 0] for m in months}
        for s in sessions:
            if s.date >= months[0]:
                bucket = by_month[s.date.replace(day=1)]
                bucket[1] += 1
                bucket[0] += int(session_quorum(session=s).met)
        trends["mdo_quorum"] = [(m, *by_month[m]) for m in months]  # type: ignore[misc]
    distributions = {code: summaries[code].weeks for code in WAITING_FAMILIES if with_charts}
    return Results(out, trends, distributions)


def compute(*, pathway_id: str, start: date, end: date, today: date) -> list[Indicator]:
    """Every indicator of the period (without the charts' trends and distributions)."""
    return results(pathway_id=pathway_id, start=start, end=end, today=today, with_charts=False).indicators


def _share(spec: Spec, num: int, total: int, norm: Norm | None, accounted: int) -> Indicator:
    value = round(num / total, 3) if total else None
    status = Status.NOT_APPLICABLE.value
    if spec.interval is not None and norm is not None and total:
        status = (Status.ON_TIME if num == total else Status.LATE).value
    return Indicator(spec.code, spec.title, num, total, value, _norm_json(norm), status, spec.family, spec.measure,
                     accounted=accounted)


def month_starts(end: date, months: int = 12) -> list[date]:
    first = end.replace(day=1)
    out = []
    for _i in range(months):
        out.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return out[::-1]

