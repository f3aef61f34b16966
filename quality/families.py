"""The row sets behind the indicators, one queryset per family, each annotated alike: `end` (the date that places
a row in a period), `start` and `accounted` (late with a recorded reason: accounted for, not a miss); with each,
as expressions over those, whether a row is counted, in the numerator (`num`) and its duration (`dur`, where the
indicator measures time). Set-based: the same querysets give the period's figures, the monthly trend, the
distribution and the CSV rows as SQL aggregates and filters."""

from dataclasses import dataclass, field
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
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from followup.models import PrintJob, Visit, VisitStatus
from quality.episodes import (
    episode_field,
    episode_referral_id,
    first_discussed,
    referral_in_pathway,
    treatment_started,
    tumour_in_pathway,
)
from quality.models import Milestone, MilestoneDeviation, TreatmentStart
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


def _deviation(milestone: str, referral_ref: str) -> Exists:
    """A deviation is recorded for the milestone of the referral (OuterRef `referral_ref`)."""
    return Exists(MilestoneDeviation.objects.filter(referral_id=OuterRef(referral_ref), milestone=milestone))


def flag(q: Q) -> Case:
    """A condition as a boolean column (a row's `num` in the rows behind an indicator)."""
    return Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())


Window = tuple[date, date] | None


def _treated_in(window: Window, pathway_id: str) -> Q:
    """Tumours of the pathway that may have started treatment in the window (operated, or a start recorded, in it;
    the exact start is counted after), so that the per-row subqueries run on these rows only. A UNION of the two,
    as PostgreSQL estimates the rows it holds well (an OR of the two it guesses at half the tumours, and hashes
    all the pathway's items to check them)."""
    if window is None:
        return Q(tumour_in_pathway(pathway_id))
    start, end = window
    started = TreatmentStart.objects.filter(started_on__gte=start, started_on__lte=end).values("tumour_id")
    operated = Tumour.objects.filter(date_of_surgery__gte=start, date_of_surgery__lte=end).values("pk")
    return Q(pk__in=started.order_by().union(operated.order_by())) & Q(tumour_in_pathway(pathway_id))


def _diagnosed_in(window: Window, pathway_id: str) -> Q:
    if window is None:
        return Q(tumour_in_pathway(pathway_id))
    start, end = window
    return Q(date_of_diagnosis__gte=start, date_of_diagnosis__lte=end) & Q(tumour_in_pathway(pathway_id))


@dataclass(frozen=True)
class Family:
    """The candidate rows of an indicator, annotated with `start`, `end` (the date that places a row in a period)
    and `accounted`; what a row counts as is said by expressions over those annotations, evaluated where they are
    used (in the aggregates, or in the rows' query)."""

    qs: QuerySet[Any]
    patient: str  # the path to the patient ("patient", "plan__patient"; "" for none)
    num: Q  # in the numerator
    dur: Any = None  # the duration measured (an expression), or None
    counted: Q = field(default_factory=Q)  # counted at all, beyond lying in the period
    timed: Q = field(default_factory=Q)  # of those, the rows whose duration counts in the median and percentiles
    # The annotations are computed (correlated subqueries such as a tumour's episode or its start of treatment, a
    # day in local time): aggregate over an inner query that computes each once per row, rather than filtering on
    # them (PostgreSQL does not share an expression between the places an annotation is used).
    fenced: bool = False


def _within_or_accounted(dur: Any, span: timedelta | None) -> Q:
    """Within the norm's span (working-day norms have none: never within), or late for a recorded reason."""
    accounted = Q(accounted=True)
    return accounted if span is None else Q(LessThanOrEqual(dur, span)) | accounted


def mdo_before_treatment(pathway_id: str, window: Window = None) -> Family:
    """Tumours whose pathway asks for the MDO, by their start of treatment: discussed on or before it, or the MDO
    item deviated with a reason (accounted for)."""
    mdo_item = PathwayItem.objects.filter(tumour_id=OuterRef("pk"), current=True, pathway_id=pathway_id,
                                          code=f"{pathway_id}.mdo")
    deviated = mdo_item.filter(status=ItemStatus.DEVIATED).exclude(reason_code="")
    qs = (Tumour.objects.filter(_treated_in(window, pathway_id), Exists(mdo_item))
          .annotate(start=first_discussed(), end=treatment_started(), accounted=Exists(deviated)))
    return Family(qs, "patient", Q(start__lte=F("end")) | Q(accounted=True), fenced=True)


def wait_first_visit(pathway_id: str, norm: Norm | None) -> Family:
    qs = (Referral.objects.filter(referral_in_pathway(pathway_id), first_visit_on__isnull=False)
          .annotate(start=F("received_on"), end=F("first_visit_on"),
                    accounted=_deviation(Milestone.FIRST_VISIT, "pk")))
    dur = _dur("end", "start")
    return Family(qs, "patient", _within_or_accounted(dur, norm_span(norm) if norm else None), dur)


def _tumour_wait(pathway_id: str, norm: Norm | None, milestone: str, within: Q) -> Family:
    """From the first visit of the tumour's episode to `end`: counted when both are known and the end is not
    before the start; in the numerator within the norm or accounted for (a deviation recorded for the episode)."""
    end = treatment_started() if milestone == Milestone.TREATMENT else F("date_of_diagnosis")
    qs = (Tumour.objects.filter(within).alias(episode_ref=episode_referral_id())
          .annotate(start=episode_field("first_visit_on"), end=end, accounted=_deviation(milestone, "episode_ref")))
    dur = _dur("end", "start")
    return Family(qs, "patient", _within_or_accounted(dur, norm_span(norm) if norm else None), dur,
                  Q(start__isnull=False, end__gte=F("start")), fenced=True)


def wait_diagnosis(pathway_id: str, norm: Norm | None, window: Window = None) -> Family:
    """First visit -> diagnosis; a diagnosis made before the first visit (elsewhere) is not a waiting time here."""
    return _tumour_wait(pathway_id, norm, Milestone.DIAGNOSIS, _diagnosed_in(window, pathway_id))


def wait_treatment(pathway_id: str, norm: Norm | None, window: Window = None) -> Family:
    return _tumour_wait(pathway_id, norm, Milestone.TREATMENT, _treated_in(window, pathway_id))


def followup_in_window(pathway_id: str) -> Family:
    qs = (Visit.objects.filter(plan__pathway_id=pathway_id, status=VisitStatus.DONE, done_on__isnull=False)
          .annotate(start=F("window_start"), end=F("done_on"), accounted=Value(False)))
    return Family(qs, "plan__patient", Q(done_on__gte=F("window_start"), done_on__lte=F("window_end")))


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
          .annotate(end=TruncDate("created_at"), start=TruncDate("created_at"), accounted=Value(False)))
    return Family(qs, "tumour__patient", q, fenced=True)


def referral_to_triage(pathway_id: str, window: Window = None) -> Family:
    triaged = (ReferralTransition.objects.filter(referral_id=OuterRef("pk"), to_status=ReferralStatus.TRIAGED)
               .order_by("at").values("at")[:1])
    within = Q()
    if window is not None:  # triaged in the window, give or take a day of time zone (exact filter after)
        first = timezone.make_aware(datetime.combine(window[0] - timedelta(days=1), time.min))
        last = timezone.make_aware(datetime.combine(window[1] + timedelta(days=2), time.min))
        within = Q(pk__in=list(ReferralTransition.objects.filter(to_status=ReferralStatus.TRIAGED, at__gte=first,
                                                                 at__lt=last).values_list("referral_id", flat=True)))
    qs = (Referral.objects.filter(within, referral_in_pathway(pathway_id)).alias(triaged_at=Subquery(triaged))
          .annotate(start=F("received_on"), end=TruncDate("triaged_at"), accounted=Value(False)))
    # Not yet triaged: no `end`, so never in a period.
    return Family(qs, "patient", Q(end__lte=F("triage_due_on")), _dur("end", "start"), fenced=True)


def print_runs() -> Family:
    """Print runs created in the period; in the numerator once printed (and only those measured). Not tied to a
    pathway."""
    qs = PrintJob.objects.annotate(end=TruncDate("created_at"), start=TruncDate("created_at"), accounted=Value(False))
    printed = Q(printed_at__isnull=False)
    dur = ExpressionWrapper(Coalesce(F("printed_at"), F("created_at")) - F("created_at"), output_field=DurationField())
    return Family(qs, "", printed, dur, timed=printed, fenced=True)
