"""2013 ACR/EULAR classification criteria for systemic sclerosis (van den Hoogen et al., 2013).

Source: /work/shared/clinical/rules.md section 3 (VDH13 Table 1 as reproduced by AOEMJ, EMP, SEEKH).
- Items are added literally (item 1 and item 2 both count: 9 + 4), as VDH13 lists them separately.
- "Only count the higher score": puffy fingers 2 / sclerodactyly 4; digital tip ulcers 2 / pitting scars 3.
- Caps: PAH and/or ILD together 2; any SSc-related antibody (ACA, Scl-70, RNA pol III) together 3.
- Total >= 9 -> definite SSc; item 1 alone is sufficient (9).
- Not applicable to skin thickening sparing the fingers, or a scleroderma-like disorder that better
  explains the manifestations (score not asserted).
These are classification criteria, not diagnostic criteria.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from zorgpad.pathways.text import gettext_noop


class SscItem(StrEnum):
    SKIN_THICKENING_PROXIMAL_TO_MCP = "skin_thickening_fingers_both_hands_proximal_to_mcp"
    PUFFY_FINGERS = "puffy_fingers"
    SCLERODACTYLY = "sclerodactyly"
    DIGITAL_TIP_ULCERS = "digital_tip_ulcers"
    FINGERTIP_PITTING_SCARS = "fingertip_pitting_scars"
    TELANGIECTASIA = "telangiectasia"
    ABNORMAL_NAILFOLD_CAPILLARIES = "abnormal_nailfold_capillaries"
    PULMONARY_ARTERIAL_HYPERTENSION = "pulmonary_arterial_hypertension"
    INTERSTITIAL_LUNG_DISEASE = "interstitial_lung_disease"
    RAYNAUD_PHENOMENON = "raynaud_phenomenon"
    ANTICENTROMERE = "anticentromere"
    ANTI_TOPOISOMERASE_I = "anti_topoisomerase_i"
    ANTI_RNA_POLYMERASE_III = "anti_rna_polymerase_iii"
    # Exclusions: the criteria are not applicable.
    SKIN_THICKENING_SPARING_FINGERS = "skin_thickening_sparing_fingers"
    BETTER_EXPLAINED_BY_SCLERODERMA_LIKE_DISORDER = "better_explained_by_scleroderma_like_disorder"


class SscClassification(StrEnum):
    DEFINITE_SSC = "definite_SSc"
    CRITERIA_NOT_MET = "criteria_not_met"
    NOT_APPLICABLE = "not_applicable"


I = SscItem  # noqa: E741 - short alias for the table below
# VDH13 Table 1: domains, each scoring the highest weight among its positive sub-items (or a cap).
# (domain label, ((item, weight), ...), domain maximum)
DOMAINS: tuple[tuple[str, tuple[tuple[SscItem, int], ...], int], ...] = (
    (gettext_noop("Skin thickening of the fingers of both hands extending proximal to the MCP joints "
                  "(sufficient criterion)"), ((I.SKIN_THICKENING_PROXIMAL_TO_MCP, 9),), 9),
    (gettext_noop("Skin thickening of the fingers (only count the higher score)"),
     ((I.PUFFY_FINGERS, 2), (I.SCLERODACTYLY, 4)), 4),
    (gettext_noop("Fingertip lesions (only count the higher score)"),
     ((I.DIGITAL_TIP_ULCERS, 2), (I.FINGERTIP_PITTING_SCARS, 3)), 3),
    (gettext_noop("Telangiectasia"), ((I.TELANGIECTASIA, 2),), 2),
    (gettext_noop("Abnormal nailfold capillaries"), ((I.ABNORMAL_NAILFOLD_CAPILLARIES, 2),), 2),
    (gettext_noop("Pulmonary arterial hypertension and/or interstitial lung disease (maximum 2)"),
     ((I.PULMONARY_ARTERIAL_HYPERTENSION, 2), (I.INTERSTITIAL_LUNG_DISEASE, 2)), 2),
    (gettext_noop("Raynaud's phenomenon"), ((I.RAYNAUD_PHENOMENON, 3),), 3),
    (gettext_noop("SSc-related autoantibodies (maximum 3)"),
     ((I.ANTICENTROMERE, 3), (I.ANTI_TOPOISOMERASE_I, 3), (I.ANTI_RNA_POLYMERASE_III, 3)), 3),
)
EXCLUSIONS = (I.SKIN_THICKENING_SPARING_FINGERS, I.BETTER_EXPLAINED_BY_SCLERODERMA_LIKE_DISORDER)
THRESHOLD = 9
SCORED_ITEMS = tuple(item for _, items, _ in DOMAINS for item, _ in items)
ALL_ITEMS = tuple(SscItem)

ITEM_LABELS = {
    I.SKIN_THICKENING_PROXIMAL_TO_MCP: gettext_noop(
        "Skin thickening of the fingers of both hands extending proximal to the MCP joints"),
    I.PUFFY_FINGERS: gettext_noop("Puffy fingers"),
    I.SCLERODACTYLY: gettext_noop("Sclerodactyly of the fingers (distal to the MCP but proximal to the PIP joints)"),
    I.DIGITAL_TIP_ULCERS: gettext_noop("Digital tip ulcers"),
    I.FINGERTIP_PITTING_SCARS: gettext_noop("Fingertip pitting scars"),
    I.TELANGIECTASIA: gettext_noop("Telangiectasia"),
    I.ABNORMAL_NAILFOLD_CAPILLARIES: gettext_noop("Abnormal nailfold capillaries"),
    I.PULMONARY_ARTERIAL_HYPERTENSION: gettext_noop("Pulmonary arterial hypertension (right-heart catheterisation)"),
    I.INTERSTITIAL_LUNG_DISEASE: gettext_noop("Interstitial lung disease"),
    I.RAYNAUD_PHENOMENON: gettext_noop("Raynaud's phenomenon"),
    I.ANTICENTROMERE: gettext_noop("Anticentromere antibodies"),
    I.ANTI_TOPOISOMERASE_I: gettext_noop("Anti-topoisomerase I (anti-Scl-70)"),
    I.ANTI_RNA_POLYMERASE_III: gettext_noop("Anti-RNA polymerase III"),
    I.SKIN_THICKENING_SPARING_FINGERS: gettext_noop("Skin thickening sparing the fingers (exclusion)"),
    I.BETTER_EXPLAINED_BY_SCLERODERMA_LIKE_DISORDER: gettext_noop(
        "A scleroderma-like disorder better explains the manifestations (exclusion)"),
}


@dataclass(frozen=True, slots=True)
class ItemScore:
    item: SscItem
    points: int


@dataclass(frozen=True, slots=True)
class SscResult:
    score: int | None  # None when the criteria are not applicable
    classification: SscClassification
    items: tuple[ItemScore, ...]  # every positive item with the points it counted (0 = a higher one counted)
    exclusions: tuple[SscItem, ...] = ()


def classify(items: Mapping[str, bool] | Mapping[SscItem, bool]) -> SscResult:
    """Score the criteria. Items that are absent count as not present (False)."""
    present = {SscItem(key) for key, value in items.items() if value is True}
    exclusions = tuple(item for item in EXCLUSIONS if item in present)
    if exclusions:
        return SscResult(score=None, classification=SscClassification.NOT_APPLICABLE, items=(),
                         exclusions=exclusions)
    scored: list[ItemScore] = []
    total = 0
    for _, domain_items, maximum in DOMAINS:
        positive = [(item, weight) for item, weight in domain_items if item in present]
        if not positive:
            continue
        # The highest weight counts (ties: the first listed); the others in the domain count 0.
        best_item, best_weight = max(positive, key=lambda pair: pair[1])
        points = min(best_weight, maximum)
        total += points
        scored.extend(ItemScore(item, points if item is best_item else 0) for item, _ in positive)
    classification = SscClassification.DEFINITE_SSC if total >= THRESHOLD else SscClassification.CRITERIA_NOT_MET
    return SscResult(score=total, classification=classification, items=tuple(scored))
