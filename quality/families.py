"""The row sets behind the indicators, one queryset per family, each annotated alike: `end` (the date that places
a row in a period), `start`, `dur` (a duration, where the indicator measures time), `num` (in the numerator) and
`accounted` (late with a recorded reason: accounted for, not a miss). Set-based: the same querysets give the
period's figures, the monthly trend, the distribution and the CSV rows."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    DateField,
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
    episode_field,
    episode_referral_id,
    referral_in_pathway,
    treatment_started,
    tumour_in_pathway,
)
from quality.models import Milestone, MilestoneDeviation
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


@dataclass(frozen=True)
class Family:
    qs: QuerySet[Any]
    patient: str  # the path to the patient ("patient", "plan__patient"; "" for none)


def mdo_before_treatment(pathway_id: str) -> Family:
    mdo_item = PathwayItem.objects.filter(tumour_id=OuterRef("pk"), current=True, pathway_id=pathway_id,
                                          code=f"{pathway_id}.mdo")
    discussed = (MdoCase.objects.filter(tumour_id=OuterRef("pk"))
                 .filter(Q(status=CaseStatus.DISCUSSED) | Q(decision__status=DecisionStatus.FINAL))
                 .values("tumour_id").annotate(first=Min("session__date")).values("first")[:1])
    deviated = mdo_item.filter(status=ItemStatus.DEVIATED).exclude(reason_code="")
    qs = (Tumour.objects.filter(tumour_in_pathway(pathway_id), Exists(mdo_item))
          .annotate(end=treatment_started(), start=Subquery(discussed, output_field=DateField()),
                    accounted=Exists(deviated))
          .filter(end__isnull=False)
          .annotate(num=_flag(Q(start__lte=F("end")) | Q(accounted=True))))
    return Family(qs, "patient")


def wait_first_visit(pathway_id: str, norm: Norm | None) -> Family:
    span = norm_span(norm) if norm else None
    qs = (Referral.objects.filter(referral_in_pathway(pathway_id), first_visit_on__isnull=False)
          .annotate(start=F("received_on"), end=F("first_visit_on"), dur=_dur("first_visit_on", "received_on"),
                    accounted=_deviation(Milestone.FIRST_VISIT, "pk"))
          .annotate(num=_flag(_within(span) | Q(accounted=True))))
    return Family(qs, "patient")


def _tumour_wait(pathway_id: str, norm: Norm | None, end: Any, milestone: str) -> Family:
    span = norm_span(norm) if norm else None
    qs = (Tumour.objects.filter(tumour_in_pathway(pathway_id))
          .annotate(start=episode_field("first_visit_on"), end=end, episode_ref=episode_referral_id())
          .filter(start__isnull=False, end__isnull=False, end__gte=F("start"))
          .annotate(dur=_dur("end", "start"),
                    accounted=Exists(MilestoneDeviation.objects.filter(referral_id=OuterRef("episode_ref"),
                                                                       milestone=milestone)))
          .annotate(num=_flag(_within(span) | Q(accounted=True))))
    return Family(qs, "patient")


def wait_diagnosis(pathway_id: str, norm: Norm | None) -> Family:
    """First visit -> diagnosis; a diagnosis made before the first visit (elsewhere) is not a waiting time here."""
    return _tumour_wait(pathway_id, norm, F("date_of_diagnosis"), Milestone.DIAGNOSIS)


def wait_treatment(pathway_id: str, norm: Norm | None) -> Family:
    return _tumour_wait(pathway_id, norm, treatment_started(), Milestone.TREATMENT)


def followup_in_window(pathway_id: str) -> Family:
    qs = (Visit.objects.filter(plan__pathway_id=pathway_id, status=VisitStatus.DONE, done_on__isnull=False)
          .annotate(start=F("window_start"), end=F("done_on"), accounted=Value(False))
          .annotate(num=_flag(Q(done_on__gte=F("window_start"), done_on__lte=F("window_end")))))
    return Family(qs, "plan__patient")


def items(pathway_id: str, today: date, kind: str) -> Family:
    """Items of the pathway that appeared in the period (not 'not applicable', e.g. a deceased patient's):
    done, deviated with a reason, or still open after QUALITY_ITEM_OPEN_DAYS."""
    open_before = timezone.make_aware(datetime.combine(
        today - timedelta(days=int(settings.QUALITY_ITEM_OPEN_DAYS)), time.min))
    q = {"done": Q(status=ItemStatus.DONE),
         "deviated": Q(status=ItemStatus.DEVIATED),
         "open": Q(status__in=(ItemStatus.OPEN, ItemStatus.IN_PROGRESS), created_at__lt=open_before)}[kind]
    qs = (PathwayItem.objects.filter(pathway_id=pathway_id, current=True)
          .exclude(status=ItemStatus.NOT_APPLICABLE)
          .annotate(end=TruncDate("created_at"), start=TruncDate("created_at"), accounted=Value(False))
          .annotate(num=_flag(q)))
    return Family(qs, "tumour__patient")


def referral_to_triage(pathway_id: str) -> Family:
    triaged = (ReferralTransition.objects.filter(referral_id=OuterRef("pk"), to_status=ReferralStatus.TRIAGED)
               .order_by("at").values("at")[:1])
    qs = (Referral.objects.filter(referral_in_pathway(pathway_id))
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
