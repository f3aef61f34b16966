"""Which branch of the leiomyosarcoma pathway a tumour follows, and whether (and which) AJCC 8 chapter applies.

Decisions where the source is silent (conservative: rather one work-up too many than one too few):
- "Dermis only" (the non-malignant atypical intradermal smooth muscle neoplasm) needs the diagnosis atypical
  intradermal smooth muscle neoplasm AND depth dermis AND no N1/M1. Dermis-only with N1 or M1 follows the
  soft-tissue branch (the conflict is shown as a danger-level item by the advice).
- A subcutaneous leiomyosarcoma recorded with depth "dermis" follows the soft-tissue branch (plus a warning).
- Staging applicability follows /work/shared/clinical/rules.md §1.5: dermis-only -> AJCC does not apply;
  head and neck -> chapter 40 (T only, no stage groups); trunk and extremities -> chapter 41; another or an
  unrecorded body-site region -> no stage group, the missing input or the reason named.
"""

from zorgpad.pathways.base import StagingApplicability
from zorgpad.pathways.facts import TumourFacts
from zorgpad.pathways.text import gettext_noop
from zorgpad.pathways.vocabulary import (
    SMOOTH_MUSCLE,
    TRUNK_AND_EXTREMITIES,
    BodySiteRegion,
    Branch,
    Depth,
    Diagnosis,
    StagingSystem,
    metastatic,
    node_positive,
)


def covers(tumour: TumourFacts) -> bool:
    return tumour.diagnosis in SMOOTH_MUSCLE


def branch(tumour: TumourFacts) -> Branch:
    if tumour.diagnosis not in SMOOTH_MUSCLE:
        return Branch.NOT_IN_PATHWAY
    if tumour.diagnosis == Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA:
        return Branch.SOFT_TISSUE
    if node_positive(tumour.n) or metastatic(tumour.m):
        return Branch.SOFT_TISSUE
    if tumour.depth is None:
        return Branch.UNDETERMINED
    return Branch.CUTANEOUS if tumour.depth == Depth.DERMIS else Branch.SOFT_TISSUE


def spread_conflict(tumour: TumourFacts) -> bool:
    """Dermis only, yet N1 or M1 recorded: does not fit a non-malignant intradermal neoplasm."""
    return (tumour.diagnosis == Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM
            and tumour.depth == Depth.DERMIS and (node_positive(tumour.n) or metastatic(tumour.m)))


NOT_MALIGNANT = gettext_noop(
    "AJCC soft-tissue staging does not apply: an atypical intradermal smooth muscle neoplasm limited to the dermis "
    "is not considered malignant.")
DEPTH_UNKNOWN = gettext_noop(
    "Depth not recorded: whether AJCC staging applies depends on it (dermis only: not staged).")
REGION_UNKNOWN = gettext_noop(
    "Body-site region not recorded: it decides the AJCC 8 chapter (head and neck: chapter 40; trunk and "
    "extremities: chapter 41).")
REGION_OTHER = gettext_noop(
    "Body-site region outside the trunk, the extremities and the head and neck: the AJCC 8 chapter for this site "
    "is outside this pathway; no stage group is given.")
GRADE_CAVEAT = gettext_noop(
    "Superficial smooth muscle tumour with the subcutis involved: the histological grade has no prognostic value "
    "here (care pathway).")


def staging(tumour: TumourFacts) -> StagingApplicability:
    current = branch(tumour)
    if current is Branch.CUTANEOUS:
        return StagingApplicability(applicable=False, reason=NOT_MALIGNANT)
    if current is Branch.UNDETERMINED:
        return StagingApplicability(applicable=False, reason=DEPTH_UNKNOWN, missing=("depth",))
    if tumour.body_site_region is None:
        return StagingApplicability(applicable=False, reason=REGION_UNKNOWN, missing=("body_site_region",))
    caveat = GRADE_CAVEAT if (tumour.diagnosis == Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM
                              and tumour.depth == Depth.SUBCUTIS) else None
    if tumour.body_site_region == BodySiteRegion.HEAD_NECK:
        return StagingApplicability(applicable=True, system=StagingSystem.STS_HEAD_NECK, caveat=caveat)
    if tumour.body_site_region in TRUNK_AND_EXTREMITIES:
        return StagingApplicability(applicable=True, system=StagingSystem.STS_TRUNK_EXTREMITIES, caveat=caveat)
    return StagingApplicability(applicable=False, reason=REGION_OTHER)


def imaging_needed(tumour: TumourFacts) -> bool:
    """"Aanvullend beeldvormend onderzoek is doorgaans niet nodig bij de cutane tumoren": not for a dermis-only
    tumour; for the others the presenting clinician may still mark it as not needed."""
    return branch(tumour) is not Branch.CUTANEOUS
