"""Whether routine follow-up applies to a tumour of the leiomyosarcoma pathway (the schedule is the follow-up
app's work, from the definition's FollowupSchedule).

Source, "Behandeling en follow-up" (cutaneous): "Na de volledige verwijdering van een cutane tumor is geen
routinematige follow-up geïndiceerd." "Follow-up" (subcutaneous): "Follow-up is in principe 6-maandelijks
gedurende de eerste 5 jaar, daarna op indicatie." "Verwijzing en triage": "Patiënten met een hoog risico op
huidmaligniteiten hebben verdere controles bij de dermatoloog."

Decisions where the source is silent (conservative; a person decides rather than a default):
- Distant metastases (M1): not applicable, follow-up by the treating team; never a surveillance plan whose
  chest X-ray is "to exclude metastases".
- Dermis only with N1 recorded: undecided until a clinician resolves the conflict.
- A cutaneous tumour not completely removed, a tumour not resected, an unknown depth or margin: undecided.
"""

from zorgpad.pathways.base import FollowupAdvice
from zorgpad.pathways.facts import CentreFacts, PatientFacts, TumourFacts
from zorgpad.pathways.lms_2026_03.branch import branch, spread_conflict
from zorgpad.pathways.text import gettext_noop
from zorgpad.pathways.vocabulary import Branch, Diagnosis, FollowupDecision, Margin, metastatic

REASON_METASTATIC = gettext_noop(
    "Metastatic disease (M1): follow-up by the treating team; no routine surveillance plan.")
REASON_DEPTH_MISSING = gettext_noop("Depth of invasion is missing: it decides the follow-up.")
REASON_SPREAD_CONFLICT = gettext_noop(
    "Lymph node metastasis recorded for a tumour limited to the dermis: this conflict must be resolved by a "
    "clinician before follow-up is decided.")
REASON_MARGIN_MISSING = gettext_noop(
    "Resection margin is missing: no routine follow-up applies only after complete removal (R0).")
REASON_NO_ROUTINE_CUTANEOUS = gettext_noop(
    "Dermis-only tumour (atypical intradermal smooth muscle neoplasm) completely removed (R0): "
    "no routine follow-up is indicated (care pathway, Behandeling en follow-up).")
REASON_INCOMPLETE_EXCISION = gettext_noop(
    "The cutaneous tumour is not completely removed (margin R1, R2 or not resected): the pathway aims "
    "at complete removal (R0) and gives no follow-up schedule for this situation. A clinician decides "
    "(re-excision, MDO) and can build a plan from an explicitly chosen template.")
REASON_NOT_RESECTED = gettext_noop(
    "The tumour was not resected: the follow-up schedule starts at surgery. A clinician decides.")
REASON_SUBCUTANEOUS = gettext_noop(
    "Subcutaneous leiomyosarcoma: follow-up every 6 months for the first 5 years, then on indication; "
    "baseline postoperative MRI, then clinical examination and chest X-ray (care pathway, Follow-up).")
REASON_CUTANEOUS_WITH_SUBCUTIS = gettext_noop(
    "Cutaneous tumour involving the subcutis: treated as a (subcutaneous) soft-tissue leiomyosarcoma "
    "(care pathway), so the leiomyosarcoma follow-up applies.")
DERMATOLOGIST_CHECKS = gettext_noop(
    "High risk of skin malignancies (risk profile): further checks at the dermatologist.")


def followup(patient: PatientFacts, tumour: TumourFacts, centre: CentreFacts | None = None) -> FollowupAdvice:
    checks = patient.high_risk is True

    def advice(decision: FollowupDecision, reason: str, code: str = "", missing: tuple[str, ...] = ()
               ) -> FollowupAdvice:
        return FollowupAdvice(decision=decision, reason=reason, missing=missing, dermatologist_checks=checks,
                              code=code)

    if metastatic(tumour.m):
        return advice(FollowupDecision.NOT_APPLICABLE, REASON_METASTATIC, "metastatic")
    current = branch(tumour)  # never NOT_IN_PATHWAY: the registry asks this pathway only for tumours it covers
    if current is Branch.UNDETERMINED:
        return advice(FollowupDecision.UNDECIDED, REASON_DEPTH_MISSING, "missing_input", ("depth",))
    if spread_conflict(tumour):
        return advice(FollowupDecision.UNDECIDED, REASON_SPREAD_CONFLICT, "conflict")
    if current is Branch.CUTANEOUS:
        if tumour.margin is None:
            return advice(FollowupDecision.UNDECIDED, REASON_MARGIN_MISSING, "missing_input", ("margin",))
        if tumour.margin == Margin.R0:
            return advice(FollowupDecision.NO_ROUTINE, REASON_NO_ROUTINE_CUTANEOUS)
        return advice(FollowupDecision.UNDECIDED, REASON_INCOMPLETE_EXCISION, "incomplete_excision")
    if tumour.margin == Margin.NOT_RESECTED:
        return advice(FollowupDecision.UNDECIDED, REASON_NOT_RESECTED, "not_resected")
    if tumour.diagnosis == Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM:
        return advice(FollowupDecision.ROUTINE, REASON_CUTANEOUS_WITH_SUBCUTIS)
    return advice(FollowupDecision.ROUTINE, REASON_SUBCUTANEOUS)
