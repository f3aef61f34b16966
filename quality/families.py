"""The row sets behind the indicators, one queryset per family, each annotated alike: `end` (the date that places
a row in a period), `start`, `dur` (a duration, where the indicator measures time), `num` (in the numerator) and
`accounted` (late with a recorded reason: accounted for, not a miss). Set-based: the same querysets give the
period's figures, the monthly trend, the distribution and the CSV rows."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from followup.models import PrintJob, Visit, VisitStatus
from mdo.models import CaseStatus, DecisionStatus, MdoCase
from quality.episodes import (
    referral_in_pathway,
    tumour_in_pathway,
)
from quality.models import Milestone, MilestoneDeviation, TreatmentStart, TumourEpisode
from quality.rules.norms import Norm, Unit
from referrals.models import Referral, ReferralStatus, ReferralTransition
from zorgpad.pathway.models import PathwayItem
from zorgpad.pathways.vocabulary import ItemStatus
from zorgpad.patients.models import Tumour


def _dur(end: str, start: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(end) - F(start), output_field=DurationField())


def norm_span(norm: Norm) -> timedelta | None:
    """A norm in calendar time, for comparing durations in SQL. Working days have no fixed span (None)."""
    if norm.unit is Unit.WEEKS:
        return timedelta(weeks=norm.value)
    if norm.unit is Unit.CALENDAR_DAYS:
        return timedelta(days=norm.value)
    return None


def _within(span: timedelta | None) -> Q:
    return Q(dur__lte=span) if span is not None else Q(pk__in=[])


def _deviation(milestone: str, referral_ref: str) -> Exists:
    return Exists(MilestoneDeviation.objects.filter(referral_id=OuterRef(referral_ref), milestone=milestone))


def _flag(q: Q) -> Case:
    return Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())


Window = tuple[date, date] | None


def _in_pathway_ids(pathway_id: str, tumours: Q) -> list[int]:
    """The ids of the tumours of the pathway among `tumours` (one query over the pathway's items)."""
    return sorted(set(PathwayItem.objects.filter(pathway_id=pathway_id, current=True).filter(tumours)
                      .values_list("tumour_id", flat=True)))


def _treated_in(window: Window, pathway_id: str) -> Q:
    """Tumours of the pathway that may have started treatment in the window (a superset: the exact start is
    filtered after). Fetched as a list of ids first, so that the costly per-row annotations run on these rows
    only."""
    if window is None:
        return Q(tumour_in_pathway(pathway_id))
    start, end = window
    started = TreatmentStart.objects.filter(started_on__gte=start, started_on__lte=end).values("tumour_id")
    return Q(pk__in=_in_pathway_ids(pathway_id, Q(tumour__date_of_surgery__gte=start, tumour__date_of_surgery__lte=end)
                                    | Q(tumour_id__in=started)))


def _diagnosed_in(window: Window, pathway_id: str) -> Q:
    if window is None:
        return Q(tumour_in_pathway(pathway_id))
    start, end = window
    return Q(pk__in=_in_pathway_ids(pathway_id, Q(tumour__date_of_diagnosis__gte=start,
                                                  tumour__date_of_diagnosis__lte=end)))


@dataclass(frozen=True)
class Family:
    qs: QuerySet[Any]
    patient: str  # the path to the patient ("patient", "plan__patient"; "" for none)
    # Families whose rows need correlated subqueries (a tumour's episode, its start of treatment): the query
    # selects each once per row and `judge` decides numerator and duration per fetched row (PostgreSQL does not
    # share a subquery between the places an annotation is used, so SQL aggregates would run it many times).
    judge: Callable[[dict[str, Any]], tuple[bool, bool, timedelta | None]] | None = None
    # Fills in, for all fetched rows at once (a query or two), what the judge needs beyond the row.
    enrich: Callable[[list[dict[str, Any]]], None] | None = None
    fields: tuple[str, ...] = ("start", "end", "accounted")


TUMOUR_FIELDS = ("patient_id", "date_of_diagnosis", "date_of_surgery")


def _ids(rows: list[dict[str, Any]]) -> list[int]:
    return [r["pk"] for r in rows]


def _bulk_treated(rows: list[dict[str, Any]]) -> None:
    """`treated`: the start of treatment (the earliest recorded start, or the surgery): one query for all rows."""
    starts = dict(TreatmentStart.objects.filter(tumour_id__in=_ids(rows)).values("tumour_id")
                  .annotate(first=Min("started_on")).values_list("tumour_id", "first"))
    for r in rows:
        r["treated"] = min([d for d in (r["date_of_surgery"], starts.get(r["pk"])) if d is not None], default=None)


def _bulk_episodes(rows: list[dict[str, Any]]) -> None:
    """`episode_ref` and `first_visit`: the linked referral, else the patient's latest referral received on or before
    the diagnosis (as `episodes.episode_referral_id`), with its first visit: two queries for all rows."""
    linked = dict(TumourEpisode.objects.filter(tumour_id__in=_ids(rows)).values_list("tumour_id", "referral_id"))
    by_patient: dict[int, list[tuple[int, date, date | None]]] = {}
    first_of: dict[int, date | None] = {}
    for patient_id, referral_id, received, first in (
            Referral.objects.filter(Q(patient_id__in={r["patient_id"] for r in rows}) | Q(pk__in=linked.values()))
            .order_by("received_on", "id").values_list("patient_id", "id", "received_on", "first_visit_on")):
        by_patient.setdefault(patient_id, []).append((referral_id, received, first))
        first_of[referral_id] = first
    for r in rows:
        ref: int | None = linked.get(r["pk"])
        if ref is None:
            earlier = [x for x in by_patient.get(r["patient_id"], []) if x[1] <= r["date_of_diagnosis"]]
            ref = earlier[-1][0] if earlier else None
        r["episode_ref"], r["first_visit"] = ref, first_of.get(ref) if ref is not None else None


def mdo_before_treatment(pathway_id: str, window: Window = None) -> Family:
    code = f"{pathway_id}.mdo"
    mdo_item = PathwayItem.objects.filter(tumour_id=OuterRef("pk"), current=True, pathway_id=pathway_id, code=code)
    qs = Tumour.objects.filter(_treated_in(window, pathway_id), Exists(mdo_item))

    def enrich(rows: list[dict[str, Any]]) -> None:
        """Start of treatment, first MDO discussion, a deviated MDO item: three queries for all rows."""
        _bulk_treated(rows)
        discussed = dict(MdoCase.objects.filter(tumour_id__in=_ids(rows))
                         .filter(Q(status=CaseStatus.DISCUSSED) | Q(decision__status=DecisionStatus.FINAL))
                         .values("tumour_id").annotate(first=Min("session__date")).values_list("tumour_id", "first"))
        deviated = set(PathwayItem.objects.filter(tumour_id__in=_ids(rows), current=True, pathway_id=pathway_id,
                                                  code=code, status=ItemStatus.DEVIATED).exclude(reason_code="")
                       .values_list("tumour_id", flat=True))
        for r in rows:
            r["end"], r["start"], r["accounted"] = r["treated"], discussed.get(r["pk"]), r["pk"] in deviated

    def judge(row: dict[str, Any]) -> tuple[bool, bool, timedelta | None]:
        """(counted, in the numerator, duration): discussed on or before the start of treatment, or accounted."""
        before = row["start"] is not None and row["start"] <= row["end"]
        return row["end"] is not None, before or bool(row["accounted"]), None

    return Family(qs, "patient", judge, enrich, TUMOUR_FIELDS)


def wait_first_visit(pathway_id: str, norm: Norm | None) -> Family:
    span = norm_span(norm) if norm else None
    qs = (Referral.objects.filter(referral_in_pathway(pathway_id), first_visit_on__isnull=False)
          .annotate(start=F("received_on"), end=F("first_visit_on"), dur=_dur("first_visit_on", "received_on"),
                    accounted=_deviation(Milestone.FIRST_VISIT, "pk"))
          .annotate(num=_flag(_within(span) | Q(accounted=True))))
    return Family(qs, "patient")


def _tumour_wait(pathway_id: str, norm: Norm | None, milestone: str, within: Q) -> Family:
    span = norm_span(norm) if norm else None
    qs = Tumour.objects.filter(within)

    def enrich(rows: list[dict[str, Any]]) -> None:
        """The episode's first visit, the end (diagnosis or start of treatment) and whether a deviation is
        recorded: a few queries for all rows."""
        _bulk_episodes(rows)
        if milestone == Milestone.TREATMENT:
            _bulk_treated(rows)
        refs = {r["episode_ref"] for r in rows if r["episode_ref"] is not None}
        deviated = set(MilestoneDeviation.objects.filter(referral_id__in=refs, milestone=milestone)
                       .values_list("referral_id", flat=True))
        for r in rows:
            r["start"] = r["first_visit"]
            r["end"] = r["treated"] if milestone == Milestone.TREATMENT else r["date_of_diagnosis"]
            r["accounted"] = r["episode_ref"] in deviated

    def judge(row: dict[str, Any]) -> tuple[bool, bool, timedelta | None]:
        """Counted when both dates are known and the end is not before the start; in the numerator within the
        norm or accounted for."""
        if row["start"] is None or row["end"] is None or row["end"] < row["start"]:
            return False, False, None
        dur = row["end"] - row["start"]
        return True, (span is not None and dur <= span) or bool(row["accounted"]), dur

    return Family(qs, "patient", judge, enrich, TUMOUR_FIELDS)


def wait_diagnosis(pathway_id: str, norm: Norm | None, window: Window = None) -> Family:
    """First visit -> diagnosis; a diagnosis made before the first visit (elsewhere) is not a waiting time here."""
    return _tumour_wait(pathway_id, norm, Milestone.DIAGNOSIS, _diagnosed_in(window, pathway_id))


def wait_treatment(pathway_id: str, norm: Norm | None, window: Window = None) -> Family:
    return _tumour_wait(pathway_id, norm, Milestone.TREATMENT, _treated_in(window, pathway_id))


def followup_in_window(pathway_id: str) -> Family:
    qs = (Visit.objects.filter(plan__pathway_id=pathway_id, status=VisitStatus.DONE, done_on__isnull=False)
          .annotate(start=F("window_start"), end=F("done_on"), accounted=Value(False))
          .annotate(num=_flag(Q(done_on__gte=F("window_start"), done_on__lte=F("window_end")))))
    return Family(qs, "plan__patient")


def items(pathway_id: str, today: date, kind: str, window: Window = None) -> Family:
    """Items of the pathway that appeared in the period (not 'not applicable', e.g. a deceased patient's):
    done, deviated with a reason, or still open after QUALITY_ITEM_OPEN_DAYS."""
    open_before = timezone.make_aware(datetime.combine(
        today - timedelta(days=int(settings.QUALITY_ITEM_OPEN_DAYS)), time.min))
    q = {"done": Q(status=ItemStatus.DONE),
         "deviated": Q(status=ItemStatus.DEVIATED),
         "open": Q(status__in=(ItemStatus.OPEN, ItemStatus.IN_PROGRESS), created_at__lt=open_before)}[kind]
    within = Q()
    if window is not None:  # the period's day bounds, local time (the exact day filter after)
        within = Q(created_at__gte=timezone.make_aware(datetime.combine(window[0], time.min)),
                   created_at__lt=timezone.make_aware(datetime.combine(window[1] + timedelta(days=1), time.min)))
    qs = (PathwayItem.objects.filter(within, pathway_id=pathway_id, current=True)
          .exclude(status=ItemStatus.NOT_APPLICABLE)
          .annotate(end=TruncDate("created_at"), start=TruncDate("created_at"), accounted=Value(False))
          .annotate(num=_flag(q)))
    return Family(qs, "tumour__patient")


def referral_to_triage(pathway_id: str, window: Window = None) -> Family:
    triaged = (ReferralTransition.objects.filter(referral_id=OuterRef("pk"), to_status=ReferralStatus.TRIAGED)
               .order_by("at").values("at")[:1])
    within = Q()
    if window is not None:  # triaged in the window, give or take a day of time zone (exact filter after)
        first = timezone.make_aware(datetime.combine(window[0] - timedelta(days=1), time.min))
        last = timezone.make_aware(datetime.combine(window[1] + timedelta(days=2), time.min))
        within = Q(pk__in=list(ReferralTransition.objects.filter(to_status=ReferralStatus.TRIAGED, at__gte=first,
                                                                 at__lt=last).values_list("referral_id", flat=True)))
    qs = (Referral.objects.filter(within, referral_in_pathway(pathway_id))
          .annotate(triaged_at=Subquery(triaged)).filter(triaged_at__isnull=False)
          .annotate(start=F("received_on"), end=TruncDate("triaged_at"), accounted=Value(False))
          .annotate(dur=_dur("end", "start"))
          .annotate(num=_flag(Q(end__lte=F("triage_due_on")))))
    return Family(qs, "patient")


def print_runs() -> Family:
    """Print runs created in the period; in the numerator once printed. Not tied to a pathway."""
    qs = (PrintJob.objects.annotate(end=TruncDate("created_at"), start=TruncDate("created_at"),
                                    accounted=Value(False))
          .annotate(dur=ExpressionWrapper(Coalesce(F("printed_at"), F("created_at")) - F("created_at"),
                                          output_field=DurationField()))
          .annotate(num=_flag(Q(printed_at__isnull=False))))
    return Family(qs, "")
