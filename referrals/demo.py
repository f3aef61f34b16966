"""Demo referrals: a handful in different states (one overdue for triage), and first-visit checklists with a
biopsy result waiting to be discussed. Written through the services, so history and audit are real."""

import datetime as dt
import random
from typing import Any

from referrals import services
from referrals.models import Destination, Phase, TertiaryRoute
from referrals.services import PatientIdentification
from zorgpad.patients.models import Patient


def load(*, rng: random.Random, today: dt.date, stdout: Any, users: dict[str, Any]) -> None:
    clinician, secretary = users["arts"], users["secretaresse"]
    patients = list(Patient.objects.order_by("hospital_number")[6:12])
    days = dt.timedelta

    def referral(**data: Any) -> Any:
        return services.referral_create(user=secretary, **{
            "referrer_kind": "gp", "referrer_name": "dr. M. de Huisarts", "urgency": "routine",
            "referrer_organisation": "Huisartsenpraktijk Kralingen", "external_biopsy": False, **data})

    def move(r: Any, status: str, **extra: Any) -> None:
        user = clinician if status in ("triaged", "rejected", "redirected") else secretary
        services.referral_transition(referral=r, to_status=status, user=user, **extra)

    # Overdue for triage: a GP referral of a new patient, received 10 days ago.
    new_patient = PatientIdentification(hospital_number="4100101", family_name="Verhoef", given_names="Lies",
                                        initials="L.", date_of_birth=dt.date(1957, 6, 12), sex="F")
    referral(identification=new_patient,
             received_on=today - days(10), phase=Phase.SUSPICIOUS_LESION, referrer_agb="01012345",
             reason="Groeiende pijnlijke roodbruine nodus linker onderarm, sinds 4 maanden.")
    # Received today: suspected sarcoma with a biopsy taken elsewhere (revision to request).
    referral(patient=patients[0], received_on=today, phase=Phase.SARCOMA, external_biopsy=True, urgency="urgent",
             referrer_kind="hospital", referrer_name="dr. P. Chirurg", referrer_organisation="Ikazia Ziekenhuis",
             reason="Subcutane zwelling bovenbeen 6 cm; biopt elders: gladde spiertumor, verdenking leiomyosarcoom.")
    # Triaged: tertiary referral for Mohs surgery.
    r = referral(patient=patients[1], received_on=today - days(3), phase=Phase.TERTIARY,
                 tertiary_route=TertiaryRoute.DIRECT_SURGERY, referrer_kind="dermatologist",
                 referrer_name="dr. S. Dermatoloog", referrer_organisation="Franciscus Gasthuis",
                 reason="Atypical intradermal smooth muscle neoplasm op de neus, verzoek Mohs-chirurgie.")
    move(r, "triaged")
    # Appointment planned, after the clinician overrode the advice (with a reason).
    r = referral(patient=patients[2], received_on=today - days(6), phase=Phase.SUSPICIOUS_LESION,
                 external_biopsy=None, reason="Verdachte laesie rug, snel groeiend, diep gelegen.")
    services.referral_triage_override(referral=r, destination=Destination.SURGICAL_ONCOLOGY_CLINIC,
                                      reason="Klinisch diep gelegen zwelling: verdenking sarcoom.", user=clinician)
    move(r, "triaged")
    move(r, "appointment_planned", appointment_on=today + days(5))
    # Seen and closed.
    r = referral(patient=patients[3], received_on=today - days(40), phase=Phase.SUSPICIOUS_LESION,
                 reason="Verdachte moedervlek schouder.")
    move(r, "triaged")
    move(r, "appointment_planned", appointment_on=today - days(30))
    move(r, "seen")
    move(r, "closed")
    # Rejected with a reason.
    r = referral(patient=patients[4], received_on=today - days(8), phase=Phase.SUSPICIOUS_LESION,
                 reason="Seborroïsche keratose?")
    move(r, "rejected", reason="Benigne beeld op de meegestuurde foto; terugverwezen naar de huisarts met advies.")

    # First-visit checklists: one biopsy result overdue for discussion, one due soon.
    services.checklist_update(patient=patients[3], user=clinician, risk_profile_taken=True,
                              total_body_skin_examination=True, photos_stored=True, lymph_nodes_palpated=True,
                              biopsy_needed=True, biopsy_taken_on=today - days(20), high_risk=True)
    services.checklist_update(patient=patients[5], user=clinician, risk_profile_taken=True,
                              total_body_skin_examination=True, biopsy_needed=True, biopsy_taken_on=today - days(2))
    stdout.write("Referrals: 6 demo referrals (1 overdue for triage), 2 first-visit checklists.")
