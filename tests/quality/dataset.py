"""A small fixed data set, counted by hand (see docs/quality-indicators.md, "The test data set").

Today is Monday 2026-11-23; the period is 2026-01-01 .. 2026-11-23; pathway "lms". Norms recorded by the centre:
first visit 2 weeks, diagnosis 3 weeks, treatment 6 weeks, margin 3 working days.

P1 on time everywhere (referral 02-03, first visit 09-03 (7 d), diagnosis 20-03 (11 d), MDO 27-03, surgery
   10-04 (32 d)); follow-up: one visit in its window, one after it, one still open.
P2 late: first visit after 21 d (a recorded deviation: accounted for), diagnosis after 32 d, radiotherapy after
   56 d, MDO after the start of treatment.
P3 a dermis-only tumour (no MDO item): 4 d, 5 d, 15 d; an open follow-up visit whose window ended 10-11 (late).
P4 deceased 01-09 after diagnosis, never treated; items not applicable (deceased).
P5 referral 02-11, no first visit (late 7 d); P6 referral 10-11 (due 24-11: at risk); P7 referral 20-11 (on time).
"""

import datetime as dt
from dataclasses import dataclass
from datetime import UTC

from django.utils import timezone

from followup.models import FollowUpPlan, PrintJob, Visit, VisitKind, VisitStatus
from mdo.models import SessionStatus
from quality.models import Milestone, MilestoneDeviation, TreatmentKind, TreatmentStart
from referrals.models import ReferralStatus, ReferralTransition
from tests.factories import PatientFactory, TumourFactory, UserFactory
from tests.mdo.factories import MdoCaseFactory, MdoSessionFactory, full_quorum
from tests.referrals.factories import ReferralFactory
from zorgpad.pathway.models import CentreDecision, PathwayItem
from zorgpad.pathways.vocabulary import Depth, ItemStatus

D = dt.date
TODAY = D(2026, 11, 23)
START = D(2026, 1, 1)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def record_norms(user, values: dict[str, str] | None = None) -> None:
    values = values or {"first_visit": "2", "diagnosis": "3", "treatment": "6", "at_risk_margin": "3"}
    for key, value in values.items():
        CentreDecision.objects.create(key=f"waiting.lms.{key}", value=value, basis="test", decided_by=user,
                                      decided_at=timezone.now())


def item(tumour, code: str, status: str, created: dt.date, reason_code: str = "") -> PathwayItem:
    row = PathwayItem.objects.create(tumour=tumour, code=code, pathway_id="lms", version="2026-03", status=status,
                                     reason_code=reason_code, reason="test" if reason_code else "",
                                     fingerprint="x", changed_at=at(created))
    PathwayItem.objects.filter(pk=row.pk).update(created_at=at(created))
    return row


def triaged(referral, day: dt.date, user) -> None:
    row = ReferralTransition.objects.create(referral=referral, from_status="received", to_status="triaged", by=user)
    ReferralTransition.objects.filter(pk=row.pk).update(at=at(day))


@dataclass
class Dataset:
    patients: list
    referrals: list
    tumours: list
    user: object


def build(session_shift_days: int = 0) -> Dataset:
    """`session_shift_days`: a second copy in the same test moves its MDO sessions (one per date and type)."""
    user = UserFactory()
    record_norms(user)
    ps = [PatientFactory(family_name=f"Casus{i}") for i in range(1, 8)]
    seen = ReferralStatus.SEEN
    r1 = ReferralFactory(patient=ps[0], received_on=D(2026, 3, 2), first_visit_on=D(2026, 3, 9), status=seen,
                         triage_due_on=D(2026, 3, 4))
    r2 = ReferralFactory(patient=ps[1], received_on=D(2026, 5, 4), first_visit_on=D(2026, 5, 25), status=seen,
                         triage_due_on=D(2026, 5, 6))
    r3 = ReferralFactory(patient=ps[2], received_on=D(2026, 6, 1), first_visit_on=D(2026, 6, 5), status=seen)
    r4 = ReferralFactory(patient=ps[3], received_on=D(2026, 8, 3), first_visit_on=D(2026, 8, 10), status=seen)
    r5 = ReferralFactory(patient=ps[4], received_on=D(2026, 11, 2), status=ReferralStatus.TRIAGED,
                         triage_due_on=D(2026, 11, 4))
    r6 = ReferralFactory(patient=ps[5], received_on=D(2026, 11, 10), status=ReferralStatus.APPOINTMENT_PLANNED,
                         appointment_on=D(2026, 11, 25))
    r7 = ReferralFactory(patient=ps[6], received_on=D(2026, 11, 20))
    triaged(r1, D(2026, 3, 3), user)
    triaged(r2, D(2026, 5, 8), user)
    triaged(r5, D(2026, 11, 4), user)
    MilestoneDeviation.objects.create(referral=r2, milestone=Milestone.FIRST_VISIT, reason_code="patient_choice",
                                      reason="Patiënt wilde na de vakantie komen.", recorded_by=user)

    t1 = TumourFactory(patient=ps[0], date_of_diagnosis=D(2026, 3, 20), date_of_surgery=D(2026, 4, 10))
    t2 = TumourFactory(patient=ps[1], date_of_diagnosis=D(2026, 6, 26))
    TreatmentStart.objects.create(tumour=t2, kind=TreatmentKind.RADIOTHERAPY, started_on=D(2026, 7, 20),
                                  recorded_by=user)
    t3 = TumourFactory(patient=ps[2], depth=Depth.DERMIS, date_of_diagnosis=D(2026, 6, 10),
                       date_of_surgery=D(2026, 6, 20))
    t4 = TumourFactory(patient=ps[3], date_of_diagnosis=D(2026, 8, 20))
    ps[3].date_of_death = D(2026, 9, 1)
    ps[3].save(update_fields=["date_of_death"])

    item(t1, "lms.mdo", ItemStatus.DONE, D(2026, 3, 20))
    item(t1, "lms.imaging.locoregional", ItemStatus.DONE, D(2026, 3, 20))
    item(t1, "lms.followup", ItemStatus.OPEN, D(2026, 11, 10))
    item(t2, "lms.mdo", ItemStatus.DONE, D(2026, 6, 26))
    item(t2, "lms.imaging.ct-thorax", ItemStatus.DEVIATED, D(2026, 6, 26), reason_code="patient_choice")
    item(t3, "lms.excision-r0", ItemStatus.DONE, D(2026, 6, 10))
    item(t3, "lms.histopathology-revision", ItemStatus.OPEN, D(2026, 6, 10))
    item(t4, "lms.mdo", ItemStatus.NOT_APPLICABLE, D(2026, 8, 20), reason_code="deceased")
    item(t4, "lms.imaging.locoregional", ItemStatus.NOT_APPLICABLE, D(2026, 8, 20), reason_code="deceased")

    shift = dt.timedelta(days=session_shift_days)
    s1 = MdoSessionFactory(original_date=D(2026, 3, 27) + shift, status=SessionStatus.HELD)
    s2 = MdoSessionFactory(original_date=D(2026, 7, 24) + shift, status=SessionStatus.HELD)
    MdoSessionFactory(original_date=D(2026, 10, 2) + shift, status=SessionStatus.CANCELLED)
    MdoSessionFactory(original_date=D(2026, 12, 4) + shift)
    full_quorum(s1)
    MdoCaseFactory(session=s1, tumour=t1, status="discussed")
    MdoCaseFactory(session=s2, tumour=t2, status="discussed")

    plan1 = FollowUpPlan.objects.create(patient=ps[0], tumour=t1, pathway_id="lms", anchor_date=D(2026, 4, 10))
    plan3 = FollowUpPlan.objects.create(patient=ps[2], tumour=t3, pathway_id="lms", anchor_date=D(2026, 6, 20))

    def visit(plan, seq, start, end, status, done=None):
        Visit.objects.create(plan=plan, sequence=seq, kind=VisitKind.ROUTINE, due_date=start + (end - start) / 2,
                             window_start=start, window_end=end, invite_from=start - dt.timedelta(days=42),
                             status=status, done_on=done)

    visit(plan1, 1, D(2026, 6, 12), D(2026, 8, 7), VisitStatus.DONE, D(2026, 7, 15))
    visit(plan1, 2, D(2026, 9, 11), D(2026, 11, 6), VisitStatus.DONE, D(2026, 11, 13))
    visit(plan1, 3, D(2026, 11, 20), D(2026, 12, 18), VisitStatus.PLANNED)
    visit(plan3, 1, D(2026, 9, 15), D(2026, 11, 10), VisitStatus.INVITED)

    job1 = PrintJob.objects.create(requested_by=user, status="done")
    job2 = PrintJob.objects.create(requested_by=user, status="done")
    PrintJob.objects.filter(pk=job1.pk).update(created_at=at(D(2026, 5, 1), 10), printed_at=at(D(2026, 5, 1), 14))
    PrintJob.objects.filter(pk=job2.pk).update(created_at=at(D(2026, 6, 1), 10))
    return Dataset(ps, [r1, r2, r3, r4, r5, r6, r7], [t1, t2, t3, t4], user)
