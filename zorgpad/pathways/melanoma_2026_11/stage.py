"""The melanoma pathway's reading of the tumour: stage group (AJCC 8, recorded: pathological where recorded, else
clinical), in situ, the rounded Breslow, high-risk stage III, and the margin table (RL-MARGE)."""

from datetime import date
from decimal import Decimal

from zorgpad.pathways.facts import TumourFacts
from zorgpad.pathways.vocabulary import SentinelNode, breslow_rounded, metastatic, node_positive

STAGE_III = ("III", "IIIA", "IIIB", "IIIC", "IIID")
HIGH_RISK_III = ("IIIB", "IIIC", "IIID")  # AJCC 8 re-expression of RL-ADJ's AJCC 7 "3a > 1mm, 3b, 3c en 4"
DEPOSIT_LIMIT_MM = Decimal("1")  # RL-FU-III "met een metastase in de schildwachtklier ≤1mm"
T_ORDER = ("T1a", "T1b", "T2a", "T2b", "T3a", "T3b", "T4a", "T4b")
CLINICALLY_DETECTED_N = ("N1b", "N2b", "N3b")  # AJCC 8: clinically detected regional nodes

# RL-MARGE, row by row: (upper bound of the rounded Breslow in mm, inclusive; margin in cm). None = no bound.
MARGIN_TABLE: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal("2.0"), Decimal("1")),  # "breslowdikte tot en met 2 mm: 1 cm" (no split at 1 mm)
    (None, Decimal("2")),  # "breslowdikte meer dan 2 mm: 2 cm"
)
MARGIN_IN_SITU_CM = Decimal("0.5")  # "in situ melanoom: 0,5 cm"


def in_situ(tumour: TumourFacts) -> bool:
    return tumour.t == "Tis" or tumour.stage == "0"


def margin_cm(tumour: TumourFacts) -> Decimal | None:
    """The therapeutic re-excision margin, or None when the Breslow thickness is missing (never a default)."""
    if in_situ(tumour):
        return MARGIN_IN_SITU_CM
    if tumour.breslow_mm is None:
        return None
    rounded = breslow_rounded(tumour.breslow_mm)
    for upper, margin in MARGIN_TABLE:
        if upper is None or rounded <= upper:
            return margin
    raise AssertionError("the last row has no bound")


def stage_iv(tumour: TumourFacts) -> bool:
    return tumour.stage == "IV" or metastatic(tumour.m)


def stage_iii(tumour: TumourFacts) -> bool:
    return not stage_iv(tumour) and (tumour.stage in STAGE_III or node_positive(tumour.n) or tumour.in_transit)


def melanoma_centre_case(tumour: TumourFacts) -> bool:
    """Stage III or IV (in-transit metastases are stage III), or a recurrence."""
    return stage_iii(tumour) or stage_iv(tumour) or bool(tumour.recurrences)


def positive_node_with_n0(tumour: TumourFacts) -> bool:
    return tumour.sentinel_node is SentinelNode.POSITIVE and tumour.n == "N0"


def in_transit_n_conflict(tumour: TumourFacts) -> bool:
    """In-transit or satellite metastases at diagnosis belong in the N category (N1c, N2c or N3c)."""
    return tumour.in_transit and tumour.n is not None and not tumour.n.endswith("c")


def t_at_least_t1b(t: str | None) -> bool | None:
    if t not in T_ORDER:
        return None
    return T_ORDER.index(t) >= T_ORDER.index("T1b")


def day(value: date) -> str:
    """A date as the centre's pages print it (dd-mm-yyyy)."""
    return value.strftime("%d-%m-%Y")
