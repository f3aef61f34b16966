"""Demo waiting times: the demo centre records its norms (the SONCOS figures, cited), and three episodes with a
linked tumour show every status: on time, at risk (a referral waiting for its first visit, from referrals' demo),
late (a treatment not started within six weeks) and deviated with a reason (a diagnosis that waited for the
revision of a biopsy taken elsewhere)."""

import datetime as dt
import random
from typing import Any

from quality.models import Milestone, MilestoneDeviation, TumourEpisode
from quality.rules.norms import MARGIN, SONCOS, Interval, norm_key
from referrals import services
from referrals.models import Phase
from zorgpad.pathway.services import centre_decision_record
from zorgpad.pathways.lms_2026_03.definition import DEFINITION
from zorgpad.patients.models import Patient

BASIS = f"{SONCOS}: maximaal 1 week tot het eerste polikliniekbezoek, 3 weken tot de diagnose, 6 weken tot de start " \
        "van de behandeling. Keuze van het democentrum."
MARGIN_BASIS = "Geen publieke bron; keuze van het democentrum: 2 werkdagen vooraf signaleren."


def load(*, rng: random.Random, today: dt.date, stdout: Any, users: dict[str, Any]) -> None:
    admin, clinician, secretary = users["beheer"], users["arts"], users["secretaresse"]
    pid = DEFINITION.id
    for key, value in ((Interval.FIRST_VISIT, "1"), (Interval.DIAGNOSIS, "3"), (Interval.TREATMENT, "6")):
        centre_decision_record(key=norm_key(pid, key), value=value, basis=BASIS, user=admin)
    centre_decision_record(key=norm_key(pid, MARGIN), value="2", basis=MARGIN_BASIS, user=admin)
    days = dt.timedelta

    def episode(number: int, received: int, seen: int, reason: str) -> Any:
        patient = Patient.objects.get(hospital_number=f"{4100000 + number}")
        r = services.referral_create(
            user=secretary, patient=patient, referrer_kind="gp", referrer_name="dr. M. de Huisarts",
            referrer_organisation="Huisartsenpraktijk Kralingen", urgency="routine", external_biopsy=False,
            received_on=today - days(received), phase=Phase.SARCOMA, reason=reason)
        services.referral_transition(referral=r, to_status="triaged", user=clinician)
        services.referral_transition(referral=r, to_status="appointment_planned", user=secretary,
                                     appointment_on=today - days(seen))
        services.referral_transition(referral=r, to_status="seen", user=secretary)
        tumour = patient.tumours.order_by("-date_of_diagnosis", "-id").first()
        assert tumour is not None  # the core demo gives each of these patients a tumour
        TumourEpisode.objects.create(tumour=tumour, referral=r, recorded_by=clinician)
        return r

    # Operated 44 days after the first visit: treatment late (completed); first visit and diagnosis on time.
    episode(3, 80, 74, "Zwelling bovenbeen, groeiend.")
    # Inoperable, not yet treated: the six weeks ran out 3 days ago (late, on the worklist); the diagnosis took
    # 25 days, deviated with a reason.
    r5 = episode(5, 50, 45, "Diepe zwelling onderarm, 11 cm.")
    MilestoneDeviation.objects.create(
        referral=r5, milestone=Milestone.DIAGNOSIS, reason_code="other", recorded_by=clinician,
        reason="Diagnose wachtte op de revisie van het elders afgenomen biopt (extern materiaal laat ontvangen).")
    # Dermis only, seen after 5 days, diagnosed 5 days later: on time.
    episode(6, 25, 20, "Kleine pijnlijke nodus schouder.")
    stdout.write("Quality: norms recorded (SONCOS), 3 referral episodes with waiting times.")
