"""The care-pathway advisor: which recommendations and alerts apply to one tumour of one patient.

Sources: the care pathway "Zorgpad cutaan en subcutaan leiomyosarcoom" (Erasmus MC, version March 2026)
and the case report of paraneoplastic systemic sclerosis with a recurrent melanoma (both in
/work/shared/seeds/). Every recommendation cites the section it comes from. Texts are English source
strings marked for translation; the presentation layer translates them (the UI speaks Dutch).

Decisions where the sources are silent (conservative: rather one advice too many than one too few):
- "Dermis only" (the non-malignant atypical intradermal smooth muscle neoplasm) needs the diagnosis
  atypical intradermal smooth muscle neoplasm AND depth dermis AND no N1/M1. A subcutaneous
  leiomyosarcoma recorded with depth "dermis" follows the subcutaneous pathway (plus a warning); an
  unknown depth gives a warning and none of the depth-dependent advice.
- Histopathology revision of an external biopsy is advised for every smooth-muscle tumour (the pathway
  states it for the subcutaneous variant; the cutaneous diagnosis rests on the same histology).
- CT thorax "to exclude distant metastases" is not advised once M1 is recorded (systemic therapy is).
- "Multiple malignancies" = at least one other malignancy besides this tumour.
- An S-100B series is rising when the latest value (by date, ignoring dates after today) is higher than
  the one before it; no threshold is given in the sources.
- The pathway-revision warning shows from 1 March 2028 (see pathway.PATHWAY_REVISION_DUE).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from zorgpad.pathway.rules import pathway as p
from zorgpad.pathway.rules.text import gettext_noop


class Kind(StrEnum):
    RECOMMENDATION = "recommendation"
    ALERT = "alert"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    DANGER = "danger"


class Diagnosis(StrEnum):
    ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM = "atypical_intradermal_smooth_muscle_neoplasm"
    SUBCUTANEOUS_LEIOMYOSARCOMA = "subcutaneous_leiomyosarcoma"
    CUTANEOUS_MELANOMA = "cutaneous_melanoma"
    OTHER = "other"


class Depth(StrEnum):
    DERMIS = "dermis"
    SUBCUTIS = "subcutis"
    DEEP = "deep"


class Margin(StrEnum):
    R0 = "R0"
    R1 = "R1"
    R2 = "R2"
    NOT_RESECTED = "not_resected"


SMOOTH_MUSCLE = (Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM, Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA)


@dataclass(frozen=True, slots=True)
class Recommendation:
    code: str
    kind: Kind
    severity: Severity
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class Measurement:
    day: date
    value: Decimal


@dataclass(frozen=True, slots=True)
class PatientFacts:
    birth_date: date | None = None
    immunosuppressed: bool = False
    multiple_leiomyomas: bool = False
    other_malignancies: int = 0
    systemic_sclerosis: bool = False
    autoimmune_disease: bool = False  # another autoimmune disease than SSc
    anti_rna_polymerase_iii: bool = False
    s100b: tuple[Measurement, ...] = ()


@dataclass(frozen=True, slots=True)
class TumourFacts:
    diagnosis: Diagnosis
    depth: Depth | None = None
    size_cm: Decimal | None = None
    grade: str | None = None
    n: str | None = None
    m: str | None = None
    margin: Margin | None = None
    operable: bool | None = None
    external_biopsy_unrevised: bool = False


@dataclass(frozen=True, slots=True)
class AdvisorInputs:
    patient: PatientFacts
    tumour: TumourFacts
    today: date


@dataclass(frozen=True, slots=True)
class _Def:
    kind: Kind
    severity: Severity
    text: str
    source: str


R, A = Kind.RECOMMENDATION, Kind.ALERT
INFO, WARNING, DANGER = Severity.INFO, Severity.WARNING, Severity.DANGER

# Every recommendation and alert the advisor can give, in the order of the pathway. `source` is the
# default citation; a few codes cite another section depending on the branch (see advise()).
DEFINITIONS: dict[str, _Def] = {
    "alert.pathway-revision-overdue": _Def(A, WARNING, gettext_noop(
        "The care pathway (version March 2026) was due for revision by March 2028: check these "
        "recommendations against the current version."), p.SRC_REVISION),
    "alert.paraneoplastic": _Def(A, DANGER, gettext_noop(
        "Systemic sclerosis with anti-RNA polymerase III and/or a (previous) malignancy: consider "
        "paraneoplastic SSc and screen for a (recurrent) malignancy, e.g. with PET-CT."), p.SRC_CASE_EPIDEMIOLOGY),
    "alert.immunotherapy-autoimmune": _Def(A, DANGER, gettext_noop(
        "Melanoma in a patient with an autoimmune disease (e.g. systemic sclerosis): immunotherapy can "
        "worsen the autoimmune disease. Weigh this in the MDO (in the case report adjuvant immunotherapy "
        "was withheld and surgery was preferred)."), p.SRC_CASE_TREATMENT),
    "alert.marker-rise": _Def(A, WARNING, gettext_noop(
        "S-100B is rising: consider restaging (e.g. PET-CT)."), p.SRC_CASE),
    "alert.tumour-syndrome": _Def(A, WARNING, gettext_noop(
        "Multiple malignancies: consider a tumour syndrome."), p.SRC_CUTANEOUS),
    "alert.hlrcc": _Def(A, WARNING, gettext_noop(
        "Multiple leiomyomas: consider HLRCC syndrome (hereditary leiomyomatosis and renal cell cancer)."),
        p.SRC_CUTANEOUS),
    "alert.ebv": _Def(A, WARNING, gettext_noop(
        "Immunosuppression and a smooth muscle tumour: EBV-associated smooth muscle tumours have been "
        "described."), p.SRC_CUTANEOUS),
    "lms.depth-unknown": _Def(R, WARNING, gettext_noop(
        "Depth not recorded: determine whether the tumour is limited to the dermis or involves the subcutis; "
        "this decides between the cutaneous and the subcutaneous pathway."), p.SRC_CUTANEOUS),
    "lms.depth-conflict": _Def(R, WARNING, gettext_noop(
        "The diagnosis is subcutaneous leiomyosarcoma but the depth is recorded as dermis only: check the "
        "depth. The subcutaneous pathway is followed until this is resolved."), p.SRC_SUBCUTANEOUS),
    "lms.cutaneous.spread-conflict": _Def(R, DANGER, gettext_noop(
        "Lymph node or distant metastasis recorded for a tumour limited to the dermis: this does not fit a "
        "non-malignant intradermal neoplasm. Consider a metastasis of a leiomyosarcoma elsewhere; the "
        "subcutaneous (soft-tissue) pathway is followed."), p.SRC_CUTANEOUS),
    "lms.cutaneous.not-malignant": _Def(R, INFO, gettext_noop(
        "Limited to the dermis: atypical intradermal smooth muscle neoplasm (formerly cutaneous "
        "leiomyosarcoma). Not considered malignant, even with atypia and mitoses; the prognosis is excellent "
        "after complete removal."), p.SRC_CUTANEOUS),
    "lms.cutaneous.ddx-metastasis": _Def(R, WARNING, gettext_noop(
        "Differential diagnosis: consider a metastasis of a leiomyosarcoma elsewhere, e.g. of the uterus."),
        p.SRC_CUTANEOUS),
    "lms.cutaneous.no-imaging": _Def(R, INFO, gettext_noop(
        "Additional imaging is usually not needed for a cutaneous (dermis-only) tumour."),
        p.SRC_CUTANEOUS_DIAGNOSTICS),
    "lms.cutaneous.subcutis-involved": _Def(R, INFO, gettext_noop(
        "Superficial smooth muscle tumour with involvement of the subcutis: the risk of metastasis and recurrence "
        "is low and the histological grade has no prognostic value here; a tumour mainly in the subcutis is "
        "treated as a soft-tissue leiomyosarcoma."), p.SRC_CUTANEOUS),
    "lms.subcutaneous.soft-tissue-lms": _Def(R, INFO, gettext_noop(
        "Subcutis involved: consider and treat as a soft-tissue leiomyosarcoma. Metastasis, when it occurs, "
        "is haematogenous, mostly to the lungs."), p.SRC_SUBCUTANEOUS),
    "lms.histopathology-revision": _Def(R, WARNING, gettext_noop(
        "Biopsy taken elsewhere and not yet revised: request it for revision by the Erasmus MC pathology "
        "department."), p.SRC_SUBCUTANEOUS_DIAGNOSTICS),
    "lms.imaging.locoregional": _Def(R, INFO, gettext_noop(
        "CT or MRI of the region on indication: to assess bone involvement or local invasion."),
        p.SRC_SUBCUTANEOUS_DIAGNOSTICS),
    "lms.imaging.ct-thorax": _Def(R, INFO, gettext_noop(
        "CT thorax to exclude distant metastases."), p.SRC_SUBCUTANEOUS_DIAGNOSTICS),
    "lms.mdo": _Def(R, INFO, gettext_noop(
        "Discuss in the sarcoma MDO (Erasmus MC, every Friday 14:00-15:00) with the oncological surgeon, "
        "medical oncologist, radiation oncologist, radiologist and/or nuclear medicine physician and "
        "pathologist."), p.SRC_MDO),
    "lms.excision-r0": _Def(R, WARNING, gettext_noop(
        "Not yet resected radically: aim for complete surgical removal (R0) by conventional excision or "
        "micrographically controlled surgery."), p.SRC_THERAPY),
    "lms.port": _Def(R, WARNING, gettext_noop(
        "Resection not radical (R1/R2): consider postoperative radiotherapy (PORT)."), p.SRC_THERAPY),
    "lms.inoperable-rt": _Def(R, WARNING, gettext_noop(
        "Inoperable tumour: consider radiotherapy."), p.SRC_THERAPY),
    "lms.systemic": _Def(R, WARNING, gettext_noop(
        "Distant metastases (M1): consider systemic therapy."), p.SRC_THERAPY),
    "lms.cutaneous.no-routine-followup": _Def(R, INFO, gettext_noop(
        "Completely removed (R0) cutaneous tumour: no routine follow-up is indicated."),
        p.SRC_CUTANEOUS_TREATMENT),
    "lms.followup": _Def(R, INFO, gettext_noop(
        "Follow-up coordinated from an expertise centre: every 6 months during the first 5 years, thereafter "
        "on indication. Baseline MRI (postoperative), then clinical examination and a chest X-ray."),
        p.SRC_FOLLOWUP),
    "pathway.trial": _Def(R, INFO, gettext_noop(
        "Consider participation in scientific studies (clinical and translational)."), p.SRC_TRIALS),
}
_Adder = Callable[[Recommendation], None]
_ORDER = {code: i for i, code in enumerate(DEFINITIONS)}
_SEVERITY_ORDER = {DANGER: 0, WARNING: 1, INFO: 2}


def _rec(code: str, source: str | None = None) -> Recommendation:
    d = DEFINITIONS[code]
    return Recommendation(code=code, kind=d.kind, severity=d.severity, text=d.text, source=source or d.source)


def _node_positive(n: str | None) -> bool:
    return n is not None and n[:2] in ("N1", "N2", "N3")


def _metastatic(m: str | None) -> bool:
    return m is not None and m.startswith("M1")


class Branch(StrEnum):
    """Which part of the pathway a tumour follows."""

    CUTANEOUS = "cutaneous"  # dermis only: atypical intradermal smooth muscle neoplasm, not malignant
    SOFT_TISSUE = "soft_tissue"  # subcutis involved (or N1/M1): treated as a soft-tissue leiomyosarcoma
    UNDETERMINED = "undetermined"  # smooth-muscle tumour whose depth is not recorded
    NOT_IN_PATHWAY = "not_in_pathway"  # melanoma, other


def pathway_branch(tumour: TumourFacts) -> Branch:
    if tumour.diagnosis not in SMOOTH_MUSCLE:
        return Branch.NOT_IN_PATHWAY
    if tumour.diagnosis is Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA:
        return Branch.SOFT_TISSUE
    if _node_positive(tumour.n) or _metastatic(tumour.m):
        return Branch.SOFT_TISSUE
    if tumour.depth is None:
        return Branch.UNDETERMINED
    return Branch.CUTANEOUS if tumour.depth is Depth.DERMIS else Branch.SOFT_TISSUE


def s100b_rising(series: Sequence[Measurement], today: date) -> bool:
    known = sorted((m for m in series if m.day <= today), key=lambda m: m.day)
    return len(known) >= 2 and known[-1].value > known[-2].value


def advise(inputs: AdvisorInputs) -> list[Recommendation]:
    """Recommendations and alerts for one tumour: alerts first (danger before warning), then the
    recommendations in pathway order. Only what applies is returned."""
    patient, tumour, today = inputs.patient, inputs.tumour, inputs.today
    out: list[Recommendation] = []
    add = out.append
    malignant_here = tumour.diagnosis in (Diagnosis.CUTANEOUS_MELANOMA, Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA)

    # Patient-level alerts (case report and the pathway's introduction).
    if p.revision_overdue(today):
        add(_rec("alert.pathway-revision-overdue"))
    if patient.systemic_sclerosis and (
        patient.anti_rna_polymerase_iii or patient.other_malignancies > 0 or malignant_here
    ):
        add(_rec("alert.paraneoplastic"))
    if tumour.diagnosis is Diagnosis.CUTANEOUS_MELANOMA and (patient.systemic_sclerosis or patient.autoimmune_disease):
        add(_rec("alert.immunotherapy-autoimmune"))
    if s100b_rising(patient.s100b, today):
        add(_rec("alert.marker-rise"))
    if patient.other_malignancies > 0:
        add(_rec("alert.tumour-syndrome"))
    if patient.multiple_leiomyomas:
        add(_rec("alert.hlrcc"))

    if tumour.diagnosis in SMOOTH_MUSCLE:
        if patient.immunosuppressed:
            add(_rec("alert.ebv"))
        _smooth_muscle(tumour, add)

    out.sort(key=lambda r: (r.kind is not Kind.ALERT, _SEVERITY_ORDER[r.severity] if r.kind is Kind.ALERT else 0,
                            _ORDER[r.code]))
    return out


def _smooth_muscle(tumour: TumourFacts, add: _Adder) -> None:
    branch = pathway_branch(tumour)
    if branch is Branch.UNDETERMINED:
        # Cutaneous or subcutaneous cannot be decided: say so, and give only depth-independent advice.
        add(_rec("lms.depth-unknown"))
        if tumour.external_biopsy_unrevised:
            add(_rec("lms.histopathology-revision"))
        add(_rec("pathway.trial"))
        return
    if branch is Branch.CUTANEOUS:
        _cutaneous(tumour, add)
        return
    if tumour.diagnosis is Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM and tumour.depth is Depth.SUBCUTIS:
        add(_rec("lms.cutaneous.subcutis-involved"))
    if tumour.depth is Depth.DERMIS:
        if tumour.diagnosis is Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA:
            add(_rec("lms.depth-conflict"))
        else:  # dermis only, but N1 or M1 recorded
            add(_rec("lms.cutaneous.spread-conflict"))
            add(_rec("lms.cutaneous.ddx-metastasis"))
    _soft_tissue(tumour, add)


def _cutaneous(tumour: TumourFacts, add: _Adder) -> None:
    add(_rec("lms.cutaneous.not-malignant"))
    add(_rec("lms.cutaneous.ddx-metastasis"))
    add(_rec("lms.cutaneous.no-imaging"))
    if tumour.external_biopsy_unrevised:
        add(_rec("lms.histopathology-revision"))
    if tumour.margin is Margin.R0:
        add(_rec("lms.cutaneous.no-routine-followup"))
    else:
        add(_rec("lms.excision-r0", p.SRC_CUTANEOUS_TREATMENT))
    add(_rec("pathway.trial"))


def _soft_tissue(tumour: TumourFacts, add: _Adder) -> None:
    metastatic = _metastatic(tumour.m)
    add(_rec("lms.subcutaneous.soft-tissue-lms"))
    if tumour.external_biopsy_unrevised:
        add(_rec("lms.histopathology-revision"))
    add(_rec("lms.imaging.locoregional"))
    if not metastatic:
        add(_rec("lms.imaging.ct-thorax"))
    add(_rec("lms.mdo"))
    if tumour.operable is False:
        if tumour.margin is not Margin.R0:
            add(_rec("lms.inoperable-rt"))
    elif tumour.margin is not Margin.R0:
        add(_rec("lms.excision-r0"))
    if tumour.margin in (Margin.R1, Margin.R2):
        add(_rec("lms.port"))
    if metastatic:
        add(_rec("lms.systemic"))
    if tumour.margin in (Margin.R0, Margin.R1, Margin.R2):
        add(_rec("lms.followup"))
    add(_rec("pathway.trial"))

