"""Indicators for a period and a pathway: numerator, denominator, value, the norm (with its unit) and a status;
the monthly trend, the distribution of each waiting time, and the rows behind each indicator (set-based)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from mdo.models import MdoSession, SessionStatus
from mdo.selectors import quorum_prefetch, session_quorum
from quality import families as fam
from quality.norms import PathwayNorms, norms_for
from quality.rules.norms import UNIT_LABELS, Interval, Norm, Status
from quality.stats import interpolate, percentiles
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


def _in_period(qs: QuerySet[Any], start: date, end: date) -> QuerySet[Any]:
    return qs.filter(end__gte=start, end__lte=end)


def patient_fields(family: fam.Family) -> dict[str, Any]:
    if not family.patient:
        return {}
    p = family.patient
    return {"patient_external_id": F(f"{p}__external_id"), "hospital_number": F(f"{p}__hospital_number"),
            "prefix": F(f"{p}__family_name_prefix"), "family_name": F(f"{p}__family_name"),
            "initials": F(f"{p}__initials"), "given_names": F(f"{p}__given_names")}


def judged_rows(family: fam.Family, start: date, end: date, with_patient: bool = False) -> list[dict[str, Any]]:
    """The counted rows of a family judged row by row (one query; see Family.judge), with `num` and `dur`."""
    assert family.judge is not None
    extra = patient_fields(family) if with_patient else {}
    rows = []
    fetched = list(family.qs.values("pk", *family.fields, **extra))
    if family.enrich is not None:
        family.enrich(fetched)
    fetched = sorted((r for r in fetched if r["end"] is not None and start <= r["end"] <= end),
                     key=lambda r: (r["end"], r["pk"]))
    for row in fetched:
        counted, num, dur = family.judge(row)
        if counted:
            rows.append({**row, "num": num, "dur": dur, "accounted": bool(row["accounted"]) and num})
    return rows


RowCache = dict[str, tuple[date, date, list[dict[str, Any]]]]


def _judged(code: str, family: fam.Family, start: date, end: date, cache: RowCache | None) -> list[dict[str, Any]]:
    """Judged rows, reused within one page: the 12-month trend's rows also serve a period inside it."""
    if cache is not None and code in cache:
        first, last, rows = cache[code]
        if first <= start and end <= last:
            return [r for r in rows if start <= r["end"] <= end]
    rows = judged_rows(family, start, end)
    if cache is not None:
        cache[code] = (start, end, rows)
    return rows


def _judged_figures(rows: list[dict[str, Any]]) -> dict[str, Any]:
    seconds = sorted(r["dur"].total_seconds() for r in rows if r["dur"] is not None)
    p50, p90 = interpolate(seconds, 0.5), interpolate(seconds, 0.9)
    return {"n_total": len(rows), "n_num": sum(bool(r["num"]) for r in rows),
            "n_accounted": sum(bool(r["accounted"]) for r in rows),
            "p50": None if p50 is None else timedelta(seconds=p50),
            "p90": None if p90 is None else timedelta(seconds=p90)}


def mdo_sessions(pathway_id: str, start: date, end: date, today: date) -> list[MdoSession]:
    """Sessions held (not cancelled, day passed) in the period, of the MDO type the pathway names."""
    definition = next(d for d in registry.definitions() if d.id == pathway_id)
    return list(MdoSession.objects.filter(mdo_type__code=definition.mdo.mdo_type_key, date__gte=start,
                                          date__lte=min(end, today - timedelta(days=0)))
                .exclude(status=SessionStatus.CANCELLED).select_related("mdo_type")
                .prefetch_related(*quorum_prefetch())
                .order_by("date", "id"))


def _figures(code: str, family: fam.Family, start: date, end: date, cache: RowCache | None = None) -> dict[str, Any]:
    """Numerator, denominator, accounted, and for timed families the median and 90th percentile."""
    if family.judge is not None:
        return _judged_figures(_judged(code, family, start, end, cache))
    qs = _in_period(family.qs, start, end)
    figures = qs.aggregate(n_total=Count("pk"), n_num=Count("pk", filter=Q(num=True)),
                           n_accounted=Count("pk", filter=Q(accounted=True, num=True)))
    if code in (*WAITING_FAMILIES, "referral_to_triage", "print_runs"):
        timed = qs.filter(num=True) if code == "print_runs" else qs
        figures["p50"], figures["p90"] = percentiles(timed, "dur", (0.5, 0.9))
    if code == "items_deviated":
        figures["breakdown"] = list(qs.filter(num=True).values_list("reason_code").annotate(n=Count("pk"))
                                    .order_by("-n", "reason_code"))
    return figures


def compute(*, pathway_id: str, start: date, end: date, today: date, cache: RowCache | None = None) -> list[Indicator]:
    """Every indicator of the period: a constant number of queries (two or three per family)."""
    pn = norms_for([pathway_id])[pathway_id]
    out: list[Indicator] = []
    figures_cache: dict[str, dict[str, Any]] = {}
    for spec in SPECS:
        norm = pn.norm(spec.interval) if spec.interval else None
        if spec.family == "mdo_quorum":
            sessions = mdo_sessions(pathway_id, start, end, today)
            met = sum(session_quorum(session=s).met for s in sessions)
            out.append(_share(spec, met, len(sessions), None, 0))
            continue
        if spec.family not in figures_cache:
            family = family_rows(spec.family, pathway_id, today, pn, (start, end))
            figures_cache[spec.family] = _figures(spec.family, family, start, end, cache)
        f = figures_cache[spec.family]
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
    return out


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


def trends(*, pathway_id: str, end: date, today: date,
           cache: RowCache | None = None) -> dict[str, list[tuple[date, int, int]]]:
    """Per share family, the 12 months up to `end`: (month, numerator, denominator); one query per family."""
    pn = norms_for([pathway_id])[pathway_id]
    months = month_starts(end)
    out: dict[str, list[tuple[date, int, int]]] = {}
    for code in ("mdo_before_treatment", *WAITING_FAMILIES, "followup_in_window", "items_done", "items_deviated",
                 "items_open", "referral_to_triage"):
        family = family_rows(code, pathway_id, today, pn, (months[0], end))
        if family.judge is not None:
            counts: dict[date, list[int]] = {m: [0, 0] for m in months}
            for row in _judged(code, family, months[0], end, cache):
                bucket = counts[row["end"].replace(day=1)]
                bucket[0] += int(bool(row["num"]))
                bucket[1] += 1
            out[code] = [(m, counts[m][0], counts[m][1]) for m in months]
            continue
        qs = _in_period(family.qs, months[0], end)
        grouped = {(row["month"].date() if hasattr(row["month"], "date") else row["month"]): row
                   for row in qs.annotate(month=TruncMonth("end")).values("month")
                   .annotate(n_total=Count("pk"), n_num=Count("pk", filter=Q(num=True))).order_by("month")}
        out[code] = [(m, grouped[m]["n_num"] if m in grouped else 0, grouped[m]["n_total"] if m in grouped else 0)
                     for m in months]
    sessions = mdo_sessions(pathway_id, months[0], end, today)
    by_month: dict[date, list[int]] = {m: [0, 0] for m in months}
    for s in sessions:
        bucket = by_month[s.date.replace(day=1)]
        bucket[1] += 1
        bucket[0] += int(session_quorum(session=s).met)
    out["mdo_quorum"] = [(m, *by_month[m]) for m in months]  # type: ignore[misc]
    return out


def distributions(*, pathway_id: str, start: date, end: date, today: date,
                  cache: RowCache | None = None) -> dict[str, list[tuple[int, int]]]:
    """Per waiting time, how many rows took 0, 1, 2 ... weeks (the last bucket: 12 weeks or more)."""
    pn = norms_for([pathway_id])[pathway_id]
    out = {}
    for code in WAITING_FAMILIES:
        family = family_rows(code, pathway_id, today, pn, (start, end))
        buckets = [0] * 13
        if family.judge is not None:
            pairs: list[tuple[Any, int]] = [(r["dur"], 1) for r in _judged(code, family, start, end, cache)]
        else:
            pairs = list(_in_period(family.qs, start, end).values_list("dur").annotate(n=Count("pk"))
                         .values_list("dur", "n"))
        for dur, n in pairs:
            if dur is None:
                continue
            buckets[min(12, max(0, dur.days) // 7)] += n
        out[code] = list(enumerate(buckets))
    return out


def unit_label(norm: dict[str, Any] | None) -> Any:
    return "" if norm is None else UNIT_LABELS.get(norm["unit"], norm["unit"])
