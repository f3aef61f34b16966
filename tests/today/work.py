"""A day's work for every start-page list, `n` rows each, plus a deceased patient who has all of it too (and must
appear on no list). Written directly (fast, deterministic); the pathway items through the real sync service."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from followup.models import AlertStatus, FollowUpPlan, Letter, LetterKind, LetterStatus, OverdueAlert, Visit
from mdo.models import MdoCase, MdoSession
from referrals.models import FirstVisitChecklist, Phase, Referral, ReferralStatus, ReferralTransition
from tests.factories import PatientFactory
from tests.followup.factories import lms_tumour
from tests.mdo.factories import AMS, MdoSessionFactory, sarcoma_type
from zorgpad.pathway.services import pathway_items_sync
from zorgpad.patients.models import Depth, Patient


@dataclass
class Day:
    today: dt.date
    patients: list[Patient] = field(default_factory=list)
    deceased: Patient | None = None
    sessions: list[MdoSession] = field(default_factory=list)


def _session(day: dt.date, **extra: Any) -> MdoSession:
    deadline = dt.datetime.combine(day - dt.timedelta(days=2), dt.time(16, 0), tzinfo=AMS)
    return MdoSessionFactory(mdo_type=sarcoma_type(), original_date=day, date=day, registration_deadline=deadline,
                             **extra)


def make_day(*, n: int, clinician: Any, secretary: Any, start: int = 0, day: Day | None = None) -> Day:
    today = timezone.localdate()
    now = timezone.now()
    day = day or Day(today=today)
    if not day.sessions:
        # A coming session whose registration closed yesterday, and one whose day has passed.
        day.sessions = [_session(today + dt.timedelta(days=1)), _session(today - dt.timedelta(days=4))]
    coming = day.sessions[0]
    for i in range(start, start + n + (1 if day.deceased is None else 0)):
        deceased = day.deceased is None and i == start + n
        patient = PatientFactory(family_name=f"Werk{i:05d}", date_of_death=today - dt.timedelta(days=1)
                                 if deceased else None)
        tumour = lms_tumour(patient=patient, depth=Depth.SUBCUTIS, date_of_surgery=today - dt.timedelta(days=215),
                            date_of_diagnosis=today - dt.timedelta(days=230))
        if not deceased:
            pathway_items_sync(tumour=tumour, today=today)
        else:
            # The sync makes a deceased patient's items not applicable; the list must leave them out anyway.
            from zorgpad.pathway.models import PathwayItem

            PathwayItem.objects.create(tumour=tumour, code="lms.mdo-discussion", pathway_id="lms", version="2026-03",
                                       fingerprint="x", changed_at=now)
        received = Referral.objects.create(
            patient=patient, referrer_kind="gp", referrer_name="dr. Werk", received_on=today - dt.timedelta(days=3),
            reason="werk", phase=Phase.SUSPICIOUS_LESION, external_biopsy=False, status=ReferralStatus.RECEIVED,
            triage_due_on=today - dt.timedelta(days=1), registered_by=secretary)
        triaged = Referral.objects.create(
            patient=patient, referrer_kind="gp", referrer_name="dr. Werk", received_on=today - dt.timedelta(days=9),
            reason="werk", phase=Phase.SUSPICIOUS_LESION, external_biopsy=False, status=ReferralStatus.TRIAGED,
            triage_due_on=today - dt.timedelta(days=7), registered_by=secretary, destination="dermatology_clinic")
        ReferralTransition.objects.create(referral=triaged, from_status=ReferralStatus.RECEIVED,
                                          to_status=ReferralStatus.TRIAGED, by=clinician)
        assert received.pk
        FirstVisitChecklist.objects.create(patient=patient, biopsy_needed=True,
                                           biopsy_taken_on=today - dt.timedelta(days=16),
                                           result_due_on=today - dt.timedelta(days=2), updated_by=clinician)
        plan = FollowUpPlan.objects.create(patient=patient, tumour=tumour, anchor_date=tumour.date_of_surgery,
                                           responsible_clinician=clinician, created_by=clinician)
        due = today - dt.timedelta(days=35)
        overdue = Visit.objects.create(plan=plan, sequence=1, kind="routine", due_date=due,
                                       window_start=due - dt.timedelta(days=28), window_end=due + dt.timedelta(days=28),
                                       invite_from=due - dt.timedelta(days=42))
        OverdueAlert.objects.create(visit=overdue, plan=plan, clinician=clinician, window_end=overdue.window_end,
                                    status=AlertStatus.OPEN, created_at=now)
        due = today + dt.timedelta(days=20)
        to_invite = Visit.objects.create(plan=plan, sequence=2, kind="routine", due_date=due,
                                         window_start=due - dt.timedelta(days=28),
                                         window_end=due + dt.timedelta(days=28),
                                         invite_from=due - dt.timedelta(days=42))
        Letter.objects.create(kind=LetterKind.INVITATION, patient=patient, plan=plan, visit=to_invite, due_date=due,
                              created_at=now)
        due = today + dt.timedelta(days=10)
        invited = Visit.objects.create(plan=plan, sequence=3, kind="routine", due_date=due, status="invited",
                                       window_start=due - dt.timedelta(days=28),
                                       window_end=due + dt.timedelta(days=28), invite_from=due - dt.timedelta(days=42))
        Letter.objects.create(kind=LetterKind.INVITATION, patient=patient, plan=plan, visit=invited, due_date=due,
                              status=LetterStatus.PRINTED, created_at=now - dt.timedelta(days=31),
                              printed_at=now - dt.timedelta(days=30), printed_by=secretary)
        case = MdoCase.objects.create(session=coming, patient=patient, tumour=tumour, question="Beleid?",
                                      presenting_clinician=clinician, registered_by=clinician, minutes_needed=1,
                                      position=i + 1, override_reason="Spoed")
        # Registered after the deadline (auto_now_add cannot be given).
        MdoCase.objects.filter(pk=case.pk).update(registered_at=now)
        if deceased:
            day.deceased = patient
        else:
            day.patients.append(patient)
    # Past sessions still planned: one more per call.
    day.sessions.append(_session(today - dt.timedelta(days=11 + 7 * len(day.sessions))))
    return day
