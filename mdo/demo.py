"""Demo data of the MDO: the regional melanoma MDO, sessions around today, cases, attendance, decisions."""

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from mdo import decision_services, services, session_services
from mdo.models import (
    Imaging,
    Intent,
    MdoRequiredSlot,
    MdoRosterMember,
    MdoSession,
    MdoType,
    NextStep,
    SessionStatus,
    Specialty,
)
from zorgpad.patients.models import Diagnosis, Tumour


def _melanoma_type() -> MdoType:
    kind, created = MdoType.objects.get_or_create(
        code="melanoma-regional",
        defaults={
            "name": "Regionaal melanoom-MDO", "location": "Erasmus MC en videoverbinding regio",
            "weekday": 1, "start_time": dt.time(16, 30), "end_time": dt.time(17, 30), "capacity_minutes": 60,
            "default_minutes_per_case": 10, "deadline_days_before": 1, "deadline_time": dt.time(12, 0),
            "optional_specialties": [Specialty.RADIATION_ONCOLOGY, Specialty.RHEUMATOLOGY, Specialty.OTHER],
        },
    )
    if created:
        for position, specialties in enumerate([
            [Specialty.DERMATOLOGY], [Specialty.SURGICAL_ONCOLOGY], [Specialty.MEDICAL_ONCOLOGY],
            [Specialty.RADIOLOGY, Specialty.NUCLEAR_MEDICINE], [Specialty.PATHOLOGY],
        ], start=1):
            MdoRequiredSlot.objects.create(mdo_type=kind, specialties=[str(s) for s in specialties],
                                           position=position)
    return kind


SARCOMA_PANEL = [
    ("dr. P. Verbeek", Specialty.SURGICAL_ONCOLOGY), ("dr. L. Haddou", Specialty.MEDICAL_ONCOLOGY),
    ("dr. R. Smeets", Specialty.RADIATION_ONCOLOGY), ("dr. K. Yilmaz", Specialty.RADIOLOGY),
    ("dr. M. Brink", Specialty.DERMATOLOGY),
]  # no pathologist yet: the demo's current session shows a missing quorum


SARCOMA_ROSTER = [*SARCOMA_PANEL, ("dr. S. Kaya", Specialty.PATHOLOGY)]
MELANOMA_ROSTER = [
    ("dr. M. Brink", Specialty.DERMATOLOGY), ("dr. P. Verbeek", Specialty.SURGICAL_ONCOLOGY),
    ("dr. L. Haddou", Specialty.MEDICAL_ONCOLOGY), ("dr. T. de Lange", Specialty.NUCLEAR_MEDICINE),
    ("dr. S. Kaya", Specialty.PATHOLOGY), ("dr. R. Smeets", Specialty.RADIATION_ONCOLOGY),
]


def _roster(kind: MdoType, members: Sequence[tuple[str, str]]) -> dict[tuple[str, str], MdoRosterMember]:
    return {
        (name, str(specialty)): MdoRosterMember.objects.get_or_create(
            mdo_type=kind, name=name, specialty=specialty, defaults={"position": position})[0]
        for position, (name, specialty) in enumerate(members, start=1)
    }


def load(*, rng: random.Random, today: dt.date, stdout: Any, users: dict[str, Any]) -> None:
    melanoma = _melanoma_type()
    sarcoma = MdoType.objects.get(code="sarcoma")
    sarcoma_roster = _roster(sarcoma, SARCOMA_ROSTER)
    melanoma_roster = _roster(melanoma, MELANOMA_ROSTER)
    start = today - dt.timedelta(weeks=6)
    session_services.mdo_sessions_generate(start=start, until=today + dt.timedelta(weeks=26))
    clinician, coordinator = users["arts"], users["coordinator"]
    now = timezone.now()
    past_melanoma = (MdoSession.objects.filter(mdo_type=melanoma, date__lt=today, status=SessionStatus.PLANNED)
                     .order_by("-date").first())
    upcoming = list(MdoSession.objects.filter(mdo_type=sarcoma, status=SessionStatus.PLANNED,
                                              registration_deadline__gt=now).order_by("date")[:2])
    this_week = (MdoSession.objects.filter(mdo_type=sarcoma, date__lte=today, status=SessionStatus.PLANNED)
                 .order_by("-date").first())

    # The case report: recurrent axillary melanoma metastasis, discussed in the regional melanoma MDO.
    case_tumour = Tumour.objects.filter(diagnosis=Diagnosis.CUTANEOUS_MELANOMA,
                                        patient__hospital_number="4100001").first()
    if past_melanoma is not None and case_tumour is not None:
        case = services.mdo_case_register(
            session=past_melanoma, tumour=case_tumour, user=coordinator, presenting_clinician=clinician,
            question="Recidief lymfekliermetastase rechter axilla (BRAF/KIT wildtype) bij paraneoplastische "
                     "systemische sclerose. Beleid? Adjuvante immunotherapie?",
            imaging=Imaging.AVAILABLE, referrer_name="dr. A. Mulder", referrer_organisation="Ikazia Ziekenhuis",
            override_reason="Demo: registratie achteraf", now=now,
        )
        for name, specialty in MELANOMA_ROSTER[:5]:
            session_services.mdo_attendance_add(session=past_melanoma, name=name, specialty=specialty, user=coordinator,
                                        roster_member=melanoma_roster[(name, str(specialty))], today=past_melanoma.date)
        decision_services.mdo_decision_finalise(
            case=case, user=clinician, intent=Intent.CURATIVE, next_steps=[NextStep.SURGERY],
            text="Re-okselkliertoilet rechts. Geen adjuvante immunotherapie gezien de verhoogde kans op "
                 "bijwerkingen bij de aanwezige sclerodermie. Controle S-100B.",
            now=now,
        )

    # Upcoming sarcoma MDO: the R1 subcutaneous leiomyosarcoma (revision still pending) and the inoperable one.
    questions = {
        "4100003": ("Subcutaan leiomyosarcoom bovenbeen, R1-resectie. Re-excisie of postoperatieve radiotherapie?",
                    Imaging.AVAILABLE),
        "4100005": ("Inoperabel subcutaan leiomyosarcoom onderarm, 11 cm, G3. Radiotherapie?", Imaging.PENDING),
        "4100006": ("Multipele cutane leiomyomen en nieuw atypisch intradermaal gladde spierceltumor. "
                    "Verwijzing klinische genetica (HLRCC)?", Imaging.NOT_NEEDED),
    }
    tumours = {t.patient.hospital_number: t for t in Tumour.objects.select_related("patient").filter(
        patient__hospital_number__in=questions, diagnosis__in=[
            Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA, Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM])}
    for number, (question, imaging) in questions.items():
        if number in tumours and upcoming:
            services.mdo_case_register(session=upcoming[0], tumour=tumours[number], question=question,
                                       imaging=imaging, presenting_clinician=clinician, user=clinician,
                                       referrer_name="dr. J. de Wit", referrer_organisation="Maasstad Ziekenhuis",
                                       now=now)
    if this_week is not None:
        for name, specialty in SARCOMA_PANEL:
            session_services.mdo_attendance_add(session=this_week, name=name, specialty=specialty, user=coordinator,
                                        roster_member=sarcoma_roster[(name, str(specialty))], today=this_week.date)
    stdout.write(f"MDO: {MdoSession.objects.count()} sessions, 2 MDO types.")
