"""Which follow-up applies to a melanoma (the plan itself is the follow-up app's work, from the schedules of the
definition), on the recorded stage: pathological where recorded, else clinical.

Sources: RL-FU-IA (in situ and IA: no scheduled follow-up, a one-time explanation), RL-FU-III (IIIA with a deposit
of 1 mm or less and IIIB-IIID without adjuvant therapy), RL-LND (nodal ultrasound for IIIA, the centre's choice),
RL-ADJ (CT every 3-4 months during adjuvant therapy, the centre's interval). Every other situation, and any
recurrence, is "undecided: centre to decide": never a guessed plan.
"""

from functools import partial
from typing import Any

from zorgpad.pathways.base import FollowupAdvice
from zorgpad.pathways.facts import CentreFacts, PatientFacts, TumourFacts
from zorgpad.pathways.melanoma_2026_11 import definition as D
from zorgpad.pathways.melanoma_2026_11.stage import DEPOSIT_LIMIT_MM, HIGH_RISK_III, day, in_situ, stage_iv
from zorgpad.pathways.text import gettext_noop
from zorgpad.pathways.vocabulary import AdjuvantStatus, FollowupDecision

MISSING, CENTRE = "missing_input", "centre_to_decide"

REASON_RECURRENCE = gettext_noop(
    "Undecided: centre to decide. A recurrence is recorded (in-transit, satellite, nodal or distant): the "
    "melanoma-centre MDO decides the further policy; no routine plan is made.")
REASON_STAGE_MISSING = gettext_noop(
    "The AJCC 8 stage group is not recorded: it decides the melanoma follow-up.")
REASON_III_UNGROUPED = gettext_noop(
    "Clinical stage III without a pathological subgroup (IIIA-IIID): the follow-up depends on the pathological "
    "stage.")
REASON_IN_SITU_IA = gettext_noop(
    "Melanoma in situ or stage IA: no scheduled follow-up; a one-time explanation about melanoma and the risk of UV "
    "radiation, and a clear point of contact (RL-FU-IA).")
REASON_DEPOSIT_MISSING = gettext_noop(
    "Stage IIIA: the size of the largest sentinel-node deposit is missing; it decides the follow-up.")
REASON_ADJUVANT_MISSING = gettext_noop(
    "Whether adjuvant therapy is given is not recorded: it decides the stage III follow-up.")
REASON_IIIA_UNDECIDED = gettext_noop(
    "Undecided: centre to decide. Stage IIIA with a deposit of 1 mm or less: the centre has not yet chosen between "
    "examination only (RL-FU-III) and nodal ultrasound (RL-LND).")
REASON_IIIA_EXAMINATION = gettext_noop(
    "Stage IIIA with a deposit of 1 mm or less, no adjuvant therapy: every 4 months in years 1-2, every 6 months "
    "in year 3, every 12 months in years 4-5, examination of the scar, the regional nodes and the skin only "
    "(RL-FU-III; centre decision of %(date)s).")
REASON_IIIA_ULTRASOUND = gettext_noop(
    "Stage IIIA with a deposit of 1 mm or less, no adjuvant therapy: ultrasound of the involved nodal basin every 4 "
    "months in years 1-2, every 6 months in years 3-5, yearly up to year 10 (RL-LND; centre decision of "
    "%(date)s).")
REASON_IIIB_D = gettext_noop(
    "Stage IIIB-IIID without adjuvant therapy: every 4 months in years 1-2 with ceCT chest-abdomen, every 6 months "
    "in year 3 and every 12 months in years 4-5 without imaging, then on indication; from the date of the "
    "resection (RL-FU-III).")
REASON_ADJUVANT_CT = gettext_noop(
    "During adjuvant therapy: CT every %(months)s months from the start to the end of the therapy (RL-ADJ; centre "
    "decision of %(date)s).")
REASON_ADJUVANT_CT_UNDECIDED = gettext_noop(
    "Undecided: centre to decide. During adjuvant therapy CT is made every 3-4 months; the centre has not yet "
    "recorded its interval.")
REASON_ADJUVANT_DATES = gettext_noop(
    "During adjuvant therapy: the start and end dates of the adjuvant therapy anchor the CT schedule.")
REASON_AFTER_ADJUVANT = gettext_noop(
    "Undecided: centre to decide. Follow-up after adjuvant therapy is not given by the sources.")
REASON_IV = gettext_noop(
    "Undecided: centre to decide. Stage IV (distant metastases): the melanoma-centre MDO and the treating team "
    "decide; no routine surveillance plan, not even from a chosen template.")
REASON_OTHER_STAGE = gettext_noop(
    "Undecided: centre to decide. No sourced follow-up schedule for this stage (e.g. IB-IIC, IIIA with a deposit "
    "above 1 mm without adjuvant therapy, IV); a clinician builds a plan from an explicitly chosen template.")


def _advice(checks: bool, decision: FollowupDecision, reason: str, code: str = "", missing: tuple[str, ...] = (),
            **extra: Any) -> FollowupAdvice:
    return FollowupAdvice(decision=decision, reason=reason, missing=missing, dermatologist_checks=checks, code=code,
                          **extra)


def followup(patient: PatientFacts, tumour: TumourFacts, centre: CentreFacts | None = None) -> FollowupAdvice:
    centre = centre or CentreFacts()
    advice = partial(_advice, patient.high_risk is True)
    undecided = FollowupDecision.UNDECIDED
    if tumour.recurrences:
        return advice(undecided, REASON_RECURRENCE, CENTRE)
    if stage_iv(tumour):
        return advice(undecided, REASON_IV, "metastatic")
    if in_situ(tumour) or tumour.stage == "IA":
        return advice(FollowupDecision.NO_ROUTINE, REASON_IN_SITU_IA)
    if tumour.stage is None:
        return advice(undecided, REASON_STAGE_MISSING, MISSING, ("stage",))
    if tumour.adjuvant in (AdjuvantStatus.PLANNED, AdjuvantStatus.ONGOING):
        recorded = centre.get(D.ADJUVANT_CT_INTERVAL)
        if recorded is None:
            return advice(undecided, REASON_ADJUVANT_CT_UNDECIDED, CENTRE)
        if tumour.adjuvant_start is None or tumour.adjuvant_end is None:
            missing = tuple(k for k, v in (("adjuvant_start", tumour.adjuvant_start),
                                           ("adjuvant_end", tumour.adjuvant_end)) if v is None)
            return advice(undecided, REASON_ADJUVANT_DATES, MISSING, missing)
        return advice(FollowupDecision.ROUTINE, REASON_ADJUVANT_CT,
                      template_key=D.TEMPLATE_ADJUVANT_CT[recorded.value], anchor=tumour.adjuvant_start,
                      until=tumour.adjuvant_end,
                      params=(("months", recorded.value), ("date", day(recorded.decided_on))))
    if tumour.adjuvant is AdjuvantStatus.FINISHED:
        return advice(undecided, REASON_AFTER_ADJUVANT, CENTRE)
    if tumour.stage == "III":
        return advice(undecided, REASON_III_UNGROUPED, MISSING, ("stage",))
    if tumour.stage == "IIIA":
        if tumour.sentinel_deposit_mm is None:
            return advice(undecided, REASON_DEPOSIT_MISSING, MISSING, ("sentinel_deposit_mm",))
        if tumour.sentinel_deposit_mm <= DEPOSIT_LIMIT_MM:  # no indication for adjuvant therapy (RL-FU-III)
            recorded = centre.get(D.FOLLOWUP_IIIA_SMALL)
            if recorded is None:
                return advice(undecided, REASON_IIIA_UNDECIDED, CENTRE)
            ultrasound = recorded.value == D.IIIA_ULTRASOUND
            return advice(FollowupDecision.ROUTINE, REASON_IIIA_ULTRASOUND if ultrasound else REASON_IIIA_EXAMINATION,
                          template_key=D.TEMPLATE_IIIA_ULTRASOUND if ultrasound else D.TEMPLATE_IIIA_EXAMINATION,
                          params=(("date", day(recorded.decided_on)),))
    if (tumour.stage in HIGH_RISK_III or tumour.stage == "IIIA") and tumour.adjuvant is None:
        return advice(undecided, REASON_ADJUVANT_MISSING, MISSING, ("adjuvant",))
    if tumour.stage in HIGH_RISK_III:
        return advice(FollowupDecision.ROUTINE, REASON_IIIB_D, template_key=D.TEMPLATE_IIIB_D)
    return advice(undecided, REASON_OTHER_STAGE, CENTRE)
