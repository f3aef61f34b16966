"""The secretary's start page: letters to print, invitations to send, referrals to complete, patients to
phone."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.paginator import Page
from django.db.models import Exists, OuterRef, Q, Subquery

from followup.models import (
    AlertStatus,
    LetterKind,
    LetterStatus,
    OverdueAlert,
    PlanStatus,
    Visit,
    VisitStatus,
)
from followup.models import Letter as FollowupLetter
from followup.selectors import letter_queue
from referrals.models import Referral, ReferralStatus
from today.selectors.common import living, paginate


def phone_after_days() -> int:
    return int(getattr(settings, "TODAY_PHONE_AFTER_DAYS", 21))


def letters_page(*, page: Any) -> Page:
    """Queued letters not yet in a print run (the print page's own queue), the earliest due first."""
    return paginate(letter_queue().filter(living("patient__")), page)


def invitations_page(*, page: Any, today: date) -> Page:
    """Visits whose invitation window has opened and whose patient is not yet invited, the earliest first. A visit
    whose window has closed is no longer invited by letter: it is on the list of patients to phone."""
    visits = (Visit.objects.filter(living("plan__patient__"), status=VisitStatus.PLANNED, invite_from__lte=today,
                                   window_end__gte=today, plan__status=PlanStatus.ACTIVE)
              .select_related("plan__patient").order_by("invite_from", "due_date", "id"))
    return paginate(visits, page)


def referrals_to_complete_page(*, page: Any, today: date) -> Page:
    """Triaged referrals waiting for an appointment, and planned ones whose appointment day has passed (to be
    recorded as seen or closed), the longest waiting first."""
    referrals = (Referral.objects.filter(living("patient__"))
                 .filter(Q(status=ReferralStatus.TRIAGED)
                         | Q(status=ReferralStatus.APPOINTMENT_PLANNED, appointment_on__lt=today))
                 .select_related("patient").order_by("received_on", "id"))
    return paginate(referrals, page)


@dataclass(frozen=True)
class PhoneRow:
    visit: Visit
    overdue: bool
    invited_at: datetime | None

    @property
    def patient(self) -> Any:
        return self.visit.plan.patient


def phone_page(*, page: Any, now: datetime) -> Page:
    """Patients to phone: an invitation printed more than TODAY_PHONE_AFTER_DAYS days ago with no visit booked
    since, or a visit overdue (the reminder scan's open alert); the longest waiting first."""
    cutoff = now - timedelta(days=phone_after_days())
    printed = FollowupLetter.objects.filter(kind=LetterKind.INVITATION, status=LetterStatus.PRINTED)
    # Sets of visit ids (semi-joins the planner can hash), not a sub-select per visit.
    invited_long_ago = Q(status=VisitStatus.INVITED, pk__in=printed.filter(printed_at__lt=cutoff).values("visit_id")) \
        & ~Q(pk__in=printed.filter(printed_at__gte=cutoff).values("visit_id"))
    overdue = Q(pk__in=OverdueAlert.objects.filter(status=AlertStatus.OPEN).values("visit_id"))
    visits = (Visit.objects.filter(living("plan__patient__"), plan__status=PlanStatus.ACTIVE,
                                   status__in=(VisitStatus.PLANNED, VisitStatus.INVITED))
              .filter(invited_long_ago | overdue)
              .annotate(is_overdue=Exists(OverdueAlert.objects.filter(visit=OuterRef("pk"), status=AlertStatus.OPEN)),
                        invited_at=Subquery(printed.filter(visit=OuterRef("pk")).order_by("-printed_at")
                                            .values("printed_at")[:1]))
              .select_related("plan__patient").order_by("window_end", "due_date", "id"))
    result = paginate(visits, page)
    result.object_list = [PhoneRow(visit=v, overdue=v.is_overdue, invited_at=v.invited_at) for v in result.object_list]
    return result
