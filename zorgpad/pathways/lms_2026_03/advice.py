"""The leiomyosarcoma pathway's advice for one tumour: recommendations and the tumour's alerts, each citing the
section it comes from. Texts are English source strings marked for translation (the UI speaks Dutch).

Decisions where the source is silent (conservative: rather one advice too many than one too few):
- Histopathology revision of an external biopsy is advised for every smooth-muscle tumour (the pathway states it
  for the subcutaneous variant; the cutaneous diagnosis rests on the same histology).
- CT thorax "to exclude distant metastases" is not advised once M1 is recorded (systemic therapy is).
- High risk of skin malignancies (the first-visit risk profile) adds "further checks at the dermatologist",
  also when no routine follow-up applies.
- The revision warning shows from the definition's revision date.
"""

from collections.abc import Callable
from datetime import date

from zorgpad.pathways.base import Advice, Recommendation
from zorgpad.pathways.facts import CentreFacts, PatientFacts, TumourFacts
from zorgpad.pathways.lms_2026_03.branch import branch, spread_conflict
from zorgpad.pathways.lms_2026_03.definition import (
    DEFINITION,
    SRC_CUTANEOUS,
    SRC_CUTANEOUS_DIAGNOSTICS,
    SRC_CUTANEOUS_TREATMENT,
    SRC_FOLLOWUP,
    SRC_MDO,
    SRC_REFERRAL,
    SRC_REVISION,
    SRC_SUBCUTANEOUS,
    SRC_SUBCUTANEOUS_DIAGNOSTICS,
    SRC_THERAPY,
    SRC_TRIALS,
)
from zorgpad.pathways.lms_2026_03.followup import followup
from zorgpad.pathways.text import gettext_noop
from zorgpad.pathways.vocabulary import (
    SEVERITY_ORDER,
    Branch,
    Depth,
    Diagnosis,
    FollowupDecision,
    Kind,
    Margin,
    Severity,
    metastatic,
)

R, A = Kind.RECOMMENDATION, Kind.ALERT
INFO, WARNING, DANGER = Severity.INFO, Severity.WARNING, Severity.DANGER

# Every recommendation and alert of this pathway, in the order of the pathway. `source` is the default
# citation; a few codes cite another section depending on the branch (see advise()).
DEFINITIONS: dict[str, Advice] = {
    "alert.pathway-revision-overdue": Advice(A, WARNING, DEFINITION.revision_warning, SRC_REVISION),
    "alert.ebv": Advice(A, WARNING, gettext_noop(
        "Immunosuppression and a smooth muscle tumour: EBV-associated smooth muscle tumours have been "
        "described."), SRC_CUTANEOUS),
    "lms.depth-unknown": Advice(R, WARNING, gettext_noop(
        "Depth not recorded: determine whether the tumour is limited to the dermis or involves the subcutis; "
        "this decides between the cutaneous and the subcutaneous pathway."), SRC_CUTANEOUS),
    "lms.depth-conflict": Advice(R, WARNING, gettext_noop(
        "The diagnosis is subcutaneous leiomyosarcoma but the depth is recorded as dermis only: check the "
        "depth. The subcutaneous pathway is followed until this is resolved."), SRC_SUBCUTANEOUS),
    "lms.cutaneous.spread-conflict": Advice(R, DANGER, gettext_noop(
        "Lymph node or distant metastasis recorded for a tumour limited to the dermis: this does not fit a "
        "non-malignant intradermal neoplasm. Consider a metastasis of a leiomyosarcoma elsewhere; the "
        "subcutaneous (soft-tissue) pathway is followed."), SRC_CUTANEOUS),
    "lms.cutaneous.not-malignant": Advice(R, INFO, gettext_noop(
        "Limited to the dermis: atypical intradermal smooth muscle neoplasm (formerly cutaneous "
        "leiomyosarcoma). Not considered malignant, even with atypia and mitoses; the prognosis is excellent "
        "after complete removal."), SRC_CUTANEOUS),
    "lms.cutaneous.ddx-metastasis": Advice(R, WARNING, gettext_noop(
        "Differential diagnosis: consider a metastasis of a leiomyosarcoma elsewhere, e.g. of the uterus."),
        SRC_CUTANEOUS),
    "lms.cutaneous.no-imaging": Advice(R, INFO, gettext_noop(
        "Additional imaging is usually not needed for a cutaneous (dermis-only) tumour."),
        SRC_CUTANEOUS_DIAGNOSTICS),
    "lms.cutaneous.subcutis-involved": Advice(R, INFO, gettext_noop(
        "Superficial smooth muscle tumour with involvement of the subcutis: the risk of metastasis and recurrence "
        "is low and the histological grade has no prognostic value here; a tumour mainly in the subcutis is "
        "treated as a soft-tissue leiomyosarcoma."), SRC_CUTANEOUS),
    "lms.subcutaneous.soft-tissue-lms": Advice(R, INFO, gettext_noop(
        "Subcutis involved: consider and treat as a soft-tissue leiomyosarcoma. Metastasis, when it occurs, "
        "is haematogenous, mostly to the lungs."), SRC_SUBCUTANEOUS),
    "lms.histopathology-revision": Advice(R, WARNING, gettext_noop(
        "Biopsy taken elsewhere and not yet revised: request it for revision by the Erasmus MC pathology "
        "department."), SRC_SUBCUTANEOUS_DIAGNOSTICS),
    "lms.imaging.locoregional": Advice(R, INFO, gettext_noop(
        "CT or MRI of the region on indication: to assess bone involvement or local invasion."),
        SRC_SUBCUTANEOUS_DIAGNOSTICS),
    "lms.imaging.ct-thorax": Advice(R, INFO, gettext_noop(
        "CT thorax to exclude distant metastases."), SRC_SUBCUTANEOUS_DIAGNOSTICS),
    "lms.mdo": Advice(R, INFO, gettext_noop(
        "Discuss in the sarcoma MDO (Erasmus MC, every Friday 14:00-15:00) with the oncological surgeon, "
        "medical oncologist, radiation oncologist, radiologist and/or nuclear medicine physician and "
        "pathologist."), SRC_MDO),
    "lms.excision-r0": Advice(R, WARNING, gettext_noop(
        "Not yet resected radically: aim for complete surgical removal (R0) by conventional excision or "
        "micrographically controlled surgery."), SRC_THERAPY),
    "lms.port": Advice(R, WARNING, gettext_noop(
        "Resection not radical (R1/R2): consider postoperative radiotherapy (PORT)."), SRC_THERAPY),
    "lms.inoperable-rt": Advice(R, WARNING, gettext_noop(
        "Inoperable tumour: consider radiotherapy."), SRC_THERAPY),
    "lms.systemic": Advice(R, WARNING, gettext_noop(
        "Distant metastases (M1): consider systemic therapy."), SRC_THERAPY),
    "lms.cutaneous.no-routine-followup": Advice(R, INFO, gettext_noop(
        "Completely removed (R0) cutaneous tumour: no routine follow-up is indicated."),
        SRC_CUTANEOUS_TREATMENT),
    "lms.followup": Advice(R, INFO, gettext_noop(
        "Follow-up coordinated from an expertise centre: every 6 months during the first 5 years, thereafter "
        "on indication. Baseline MRI (postoperative), then clinical examination and a chest X-ray."),
        SRC_FOLLOWUP),
    "lms.high-risk-dermatologist": Advice(R, INFO, gettext_noop(
        "High risk of skin malignancies (risk profile): further checks at the dermatologist."), SRC_REFERRAL),
    "pathway.trial": Advice(R, INFO, gettext_noop(
        "Consider participation in scientific studies (clinical and translational)."), SRC_TRIALS),
}

_Adder = Callable[[Recommendation], None]
ORDER = {code: i for i, code in enumerate(DEFINITIONS)}


def _rec(code: str, source: str | None = None) -> Recommendation:
    return DEFINITIONS[code].recommend(code, source)


def sort_key(rec: Recommendation, order: dict[str, int]) -> tuple[bool, int, int]:
    """Alerts first (danger before warning before information), then recommendations in pathway order."""
    is_alert = rec.kind is Kind.ALERT
    return (not is_alert, SEVERITY_ORDER[rec.severity] if is_alert else 0, order.get(rec.code, len(order)))


def advise(patient: PatientFacts, tumour: TumourFacts, today: date,
           centre: CentreFacts | None = None) -> list[Recommendation]:
    """This pathway's recommendations and tumour alerts (patient-level alerts come from the case report module)."""
    out: list[Recommendation] = []
    add = out.append
    if DEFINITION.revision_overdue(today):
        add(_rec("alert.pathway-revision-overdue"))
    if patient.immunosuppressed:
        add(_rec("alert.ebv"))
    current = branch(tumour)
    routine = followup(patient, tumour).decision
    if current is Branch.UNDETERMINED:
        # Cutaneous or subcutaneous cannot be decided: say so, and give only depth-independent advice.
        add(_rec("lms.depth-unknown"))
        if tumour.external_biopsy_unrevised:
            add(_rec("lms.histopathology-revision"))
    elif current is Branch.CUTANEOUS:
        _cutaneous(tumour, routine, add)
    else:
        if tumour.diagnosis == Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM and tumour.depth == Depth.SUBCUTIS:
            add(_rec("lms.cutaneous.subcutis-involved"))
        if tumour.depth == Depth.DERMIS:
            if tumour.diagnosis == Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA:
                add(_rec("lms.depth-conflict"))
            elif spread_conflict(tumour):
                add(_rec("lms.cutaneous.spread-conflict"))
                add(_rec("lms.cutaneous.ddx-metastasis"))
        _soft_tissue(tumour, routine, add)
    if patient.high_risk is True:
        add(_rec("lms.high-risk-dermatologist"))
    add(_rec("pathway.trial"))
    return out


def _cutaneous(tumour: TumourFacts, routine: FollowupDecision, add: _Adder) -> None:
    add(_rec("lms.cutaneous.not-malignant"))
    add(_rec("lms.cutaneous.ddx-metastasis"))
    add(_rec("lms.cutaneous.no-imaging"))
    if tumour.external_biopsy_unrevised:
        add(_rec("lms.histopathology-revision"))
    if routine is FollowupDecision.NO_ROUTINE:
        add(_rec("lms.cutaneous.no-routine-followup"))
    else:
        add(_rec("lms.excision-r0", SRC_CUTANEOUS_TREATMENT))


def _soft_tissue(tumour: TumourFacts, routine: FollowupDecision, add: _Adder) -> None:
    is_metastatic = metastatic(tumour.m)
    add(_rec("lms.subcutaneous.soft-tissue-lms"))
    if tumour.external_biopsy_unrevised:
        add(_rec("lms.histopathology-revision"))
    add(_rec("lms.imaging.locoregional"))
    if not is_metastatic:
        add(_rec("lms.imaging.ct-thorax"))
    add(_rec("lms.mdo"))
    if tumour.operable is False:
        if tumour.margin != Margin.R0:
            add(_rec("lms.inoperable-rt"))
    elif tumour.margin != Margin.R0:
        add(_rec("lms.excision-r0"))
    if tumour.margin in (Margin.R1, Margin.R2):
        add(_rec("lms.port"))
    if is_metastatic:
        add(_rec("lms.systemic"))
    if routine is FollowupDecision.ROUTINE and tumour.margin in (Margin.R0, Margin.R1, Margin.R2):
        add(_rec("lms.followup"))
