"""The clinical vocabulary, defined once: the models, forms, rules and serializers use these values.

Values are the stored and API values (never change one without a data migration). Labels shown to people
live in the Django layer (they are translated); the pathways' rules compare these enums only.
"""

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class Kind(StrEnum):
    RECOMMENDATION = "recommendation"
    ALERT = "alert"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    DANGER = "danger"


SEVERITY_ORDER = {Severity.DANGER: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Diagnosis(StrEnum):
    ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM = "atypical_intradermal_smooth_muscle_neoplasm"
    SUBCUTANEOUS_LEIOMYOSARCOMA = "subcutaneous_leiomyosarcoma"
    CUTANEOUS_MELANOMA = "cutaneous_melanoma"
    OTHER = "other"


SMOOTH_MUSCLE = (Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM, Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA)


class Depth(StrEnum):
    DERMIS = "dermis"
    SUBCUTIS = "subcutis"
    DEEP = "deep"


class Margin(StrEnum):
    R0 = "R0"
    R1 = "R1"
    R2 = "R2"
    NOT_RESECTED = "not_resected"


class BodySiteRegion(StrEnum):
    """The coded region that picks the AJCC 8 soft-tissue chapter (rules.md §1.5); never derived from free text."""

    HEAD_NECK = "head_neck"
    TRUNK = "trunk"
    UPPER_EXTREMITY = "upper_extremity"
    LOWER_EXTREMITY = "lower_extremity"
    OTHER = "other"


TRUNK_AND_EXTREMITIES = (BodySiteRegion.TRUNK, BodySiteRegion.UPPER_EXTREMITY, BodySiteRegion.LOWER_EXTREMITY)


class Branch(StrEnum):
    """Which part of a pathway a tumour follows (a later pathway adds its own values)."""

    CUTANEOUS = "cutaneous"  # dermis only: atypical intradermal smooth muscle neoplasm, not malignant
    SOFT_TISSUE = "soft_tissue"  # subcutis involved (or N1/M1): treated as a soft-tissue leiomyosarcoma
    UNDETERMINED = "undetermined"  # smooth-muscle tumour whose depth is not recorded
    MELANOMA = "melanoma"  # the cutaneous melanoma pathway
    NOT_IN_PATHWAY = "not_in_pathway"  # no pathway of this build covers the diagnosis


class FollowupDecision(StrEnum):
    ROUTINE = "routine"  # a surveillance schedule applies
    NO_ROUTINE = "no_routine"  # the pathway says no routine follow-up
    NOT_APPLICABLE = "not_applicable"  # e.g. metastatic disease: follow-up by the treating team
    UNDECIDED = "undecided"  # the pathway cannot decide yet (missing input, conflict): a clinician must


class StagingSystem(StrEnum):
    STS_TRUNK_EXTREMITIES = "ajcc8-sts-trunk-extremities"  # AJCC 8 chapter 41
    STS_HEAD_NECK = "ajcc8-sts-head-neck"  # AJCC 8 chapter 40: T only, no stage groups
    MELANOMA = "ajcc8-melanoma"  # AJCC 8 chapter 47


class Classification(StrEnum):
    CLINICAL = "clinical"
    PATHOLOGICAL = "pathological"


# TNM categories. Soft-tissue sarcoma (AJCC 8 ch. 40/41): NX is accepted and counts as N0; no MX.
STS_GRADES = ("G1", "G2", "G3", "GX")
STS_N_CATEGORIES = ("N0", "N1", "NX")
STS_M_CATEGORIES = ("M0", "M1")
# Melanoma (AJCC 8 ch. 47).
MELANOMA_EXPLICIT_T = ("Tis", "T0", "TX")
MELANOMA_N_SUBCATEGORIES = ("N1a", "N1b", "N1c", "N2a", "N2b", "N2c", "N3a", "N3b", "N3c")
MELANOMA_N_CATEGORIES = ("N0", *MELANOMA_N_SUBCATEGORIES, "N1", "N2", "N3", "NX")
MELANOMA_M1_SUBCATEGORIES = ("M1a", "M1b", "M1c", "M1d")
MELANOMA_M_CATEGORIES = ("M0", "M1", *(f"{m}{ldh}" for m in MELANOMA_M1_SUBCATEGORIES for ldh in ("", "(0)", "(1)")))
# Every category a tumour record may hold (a record holds melanoma N with its subcategory).
N_CATEGORIES = (*STS_N_CATEGORIES, *MELANOMA_N_SUBCATEGORIES)
M_CATEGORIES = tuple(dict.fromkeys((*STS_M_CATEGORIES, *MELANOMA_M_CATEGORIES)))


def node_positive(n: str | None) -> bool:
    return n is not None and n[:2] in ("N1", "N2", "N3")


def metastatic(m: str | None) -> bool:
    return m is not None and m.startswith("M1")


class SentinelNode(StrEnum):
    NOT_DONE = "not_done"
    NEGATIVE = "negative"
    POSITIVE = "positive"


class MutationStatus(StrEnum):
    """BRAF V600 and KIT."""

    MUTANT = "mutant"
    WILD_TYPE = "wild_type"
    NOT_TESTED = "not_tested"


class AdjuvantStatus(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    FINISHED = "finished"
    NOT_GIVEN = "not_given"  # with a reason from DeviationReason


class MelanomaEventKind(StrEnum):
    """A dated melanoma event. In-transit and satellite metastases present at diagnosis are part of the N
    category; any event after diagnosis is a recurrence."""

    IN_TRANSIT = "in_transit"
    SATELLITE = "satellite"
    REGIONAL_NODE = "regional_node"
    DISTANT = "distant"


def breslow_rounded(breslow_mm: Decimal) -> Decimal:
    """Breslow thickness recorded to the nearest 0.1 mm, half up (rules.md §2.1: 0.75 -> 0.8, 2.05 -> 2.1).
    The one rounding of the staging rules and the melanoma pathway's margins."""
    return breslow_mm.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class MarkerUnit(StrEnum):
    """Tumour-marker units as UCUM codes (what is stored); `marker_unit_parse` reads what people type."""

    UG_L = "ug/L"
    NG_L = "ng/L"
    NG_ML = "ng/mL"
    U_L = "U/L"


# Concentration units in micrograms per litre (ng/mL equals µg/L). U/L (enzyme activity) has no conversion.
UG_PER_L: dict[MarkerUnit, Decimal] = {
    MarkerUnit.UG_L: Decimal(1),
    MarkerUnit.NG_L: Decimal("0.001"),
    MarkerUnit.NG_ML: Decimal(1),
}

_MICRO_SIGNS = ("\N{MICRO SIGN}", "\N{GREEK SMALL LETTER MU}")


def marker_unit_parse(text: str | None) -> MarkerUnit | None:
    """'µg/L', 'μg/l', 'ug/L' -> MarkerUnit.UG_L; None for an empty or unknown unit (never a guess)."""
    if not text:
        return None
    compact = text.strip().replace(" ", "")
    for sign in _MICRO_SIGNS:
        compact = compact.replace(sign, "u")
    by_lower = {unit.value.lower(): unit for unit in MarkerUnit}
    return by_lower.get(compact.lower())


def to_ug_per_l(value: Decimal, unit: MarkerUnit) -> Decimal | None:
    """The value in µg/L, or None when the unit is not a mass concentration."""
    factor = UG_PER_L.get(unit)
    return None if factor is None else value * factor


class ItemStatus(StrEnum):
    """Where a pathway item (one recommendation for one tumour) stands."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"
    DEVIATED = "deviated"


class DeviationReason(StrEnum):
    """The one list of reasons to deviate from a pathway (here, in the melanoma pathway, in the EHR feedback).
    Every deviation also needs a reason text."""

    PATIENT_CHOICE = "patient_choice"
    CONTRAINDICATION = "contraindication"
    NO_INDICATION = "no_indication"
    MDO_DECISION = "mdo_decision"
    OTHER = "other"


# The reason code an item gets when the patient has died (not a deviation: the advice no longer applies).
DECEASED = "deceased"
