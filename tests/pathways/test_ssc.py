"""2013 ACR/EULAR SSc classification criteria: every item's weight, the "only the higher score" pairs, the caps,
the threshold, the sufficient criterion and both exclusions. Reference: rules.md section 3 (VDH13 Table 1)."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zorgpad.pathways.ssc import SCORED_ITEMS, ItemScore, SscClassification, SscItem, classify

I = SscItem  # noqa: E741

WEIGHTS = [
    (I.SKIN_THICKENING_PROXIMAL_TO_MCP, 9),
    (I.PUFFY_FINGERS, 2),
    (I.SCLERODACTYLY, 4),
    (I.DIGITAL_TIP_ULCERS, 2),
    (I.FINGERTIP_PITTING_SCARS, 3),
    (I.TELANGIECTASIA, 2),
    (I.ABNORMAL_NAILFOLD_CAPILLARIES, 2),
    (I.PULMONARY_ARTERIAL_HYPERTENSION, 2),
    (I.INTERSTITIAL_LUNG_DISEASE, 2),
    (I.RAYNAUD_PHENOMENON, 3),
    (I.ANTICENTROMERE, 3),
    (I.ANTI_TOPOISOMERASE_I, 3),
    (I.ANTI_RNA_POLYMERASE_III, 3),
]


@pytest.mark.parametrize(("item", "weight"), [pytest.param(i, w, id=f"VDH13 item {i.value}: {w}") for i, w in WEIGHTS])
def test_each_item_alone_scores_its_weight(item: SscItem, weight: int) -> None:
    result = classify({item.value: True})
    assert result.score == weight
    assert result.items == (ItemScore(item, weight),)
    expected = SscClassification.DEFINITE_SSC if weight >= 9 else SscClassification.CRITERIA_NOT_MET
    assert result.classification is expected


@pytest.mark.parametrize(("items", "score", "points"), [
    pytest.param([I.PUFFY_FINGERS, I.SCLERODACTYLY], 4, [0, 4], id="only the higher: puffy 2 / sclerodactyly 4"),
    pytest.param([I.DIGITAL_TIP_ULCERS, I.FINGERTIP_PITTING_SCARS], 3, [0, 3],
                 id="only the higher: ulcers 2 / pitting scars 3"),
    pytest.param([I.PULMONARY_ARTERIAL_HYPERTENSION, I.INTERSTITIAL_LUNG_DISEASE], 2, [2, 0],
                 id="cap: PAH and ILD together 2"),
    pytest.param([I.ANTICENTROMERE, I.ANTI_TOPOISOMERASE_I], 3, [3, 0], id="cap: two antibodies 3"),
    pytest.param([I.ANTICENTROMERE, I.ANTI_TOPOISOMERASE_I, I.ANTI_RNA_POLYMERASE_III], 3, [3, 0, 0],
                 id="cap: three antibodies 3"),
    pytest.param([I.ANTI_TOPOISOMERASE_I, I.ANTI_RNA_POLYMERASE_III], 3, [3, 0], id="cap: Scl-70 + RNAP III 3"),
])
def test_higher_score_pairs_and_caps(items: list[SscItem], score: int, points: list[int]) -> None:
    result = classify({item.value: True for item in items})
    assert result.score == score
    assert result.items == tuple(ItemScore(item, p) for item, p in zip(items, points, strict=True))


@pytest.mark.parametrize(("items", "score", "classification"), [
    pytest.param([I.SCLERODACTYLY, I.RAYNAUD_PHENOMENON, I.TELANGIECTASIA], 9, SscClassification.DEFINITE_SSC,
                 id="threshold: exactly 9 -> definite"),
    pytest.param([I.RAYNAUD_PHENOMENON, I.ANTICENTROMERE, I.TELANGIECTASIA], 8, SscClassification.CRITERIA_NOT_MET,
                 id="threshold: 8 -> not met"),
    pytest.param([I.PUFFY_FINGERS, I.SCLERODACTYLY, I.RAYNAUD_PHENOMENON], 7, SscClassification.CRITERIA_NOT_MET,
                 id="puffy+sclerodactyly count once: 4+3 = 7"),
    pytest.param([I.PULMONARY_ARTERIAL_HYPERTENSION, I.INTERSTITIAL_LUNG_DISEASE, I.RAYNAUD_PHENOMENON,
                  I.ANTICENTROMERE], 8, SscClassification.CRITERIA_NOT_MET, id="PAH+ILD capped: 2+3+3 = 8"),
    pytest.param([I.SKIN_THICKENING_PROXIMAL_TO_MCP], 9, SscClassification.DEFINITE_SSC,
                 id="sufficient criterion alone"),
    pytest.param([I.SKIN_THICKENING_PROXIMAL_TO_MCP, I.SCLERODACTYLY], 13, SscClassification.DEFINITE_SSC,
                 id="item 1 and item 2 add (VDH13 literal: 9 + 4)"),
    pytest.param([], 0, SscClassification.CRITERIA_NOT_MET, id="nothing present: 0"),
])
def test_totals_and_threshold(items: list[SscItem], score: int, classification: SscClassification) -> None:
    result = classify({item.value: True for item in items})
    assert (result.score, result.classification) == (score, classification)


def test_all_items_give_the_maximum_28() -> None:
    assert classify({item.value: True for item in SCORED_ITEMS}).score == 28


def test_acceptance_seed_patient_scores_16() -> None:
    """Case report: proximal skin thickening, sclerodactyly, anti-RNA polymerase III; no pitting scars."""
    result = classify({
        "skin_thickening_fingers_both_hands_proximal_to_mcp": True,
        "sclerodactyly": True,
        "anti_rna_polymerase_iii": True,
        "fingertip_pitting_scars": False,
    })
    assert result.score == 16
    assert result.classification is SscClassification.DEFINITE_SSC
    assert result.items == (
        ItemScore(I.SKIN_THICKENING_PROXIMAL_TO_MCP, 9), ItemScore(I.SCLERODACTYLY, 4),
        ItemScore(I.ANTI_RNA_POLYMERASE_III, 3),
    )


@pytest.mark.parametrize("exclusion", [I.SKIN_THICKENING_SPARING_FINGERS,
                                       I.BETTER_EXPLAINED_BY_SCLERODERMA_LIKE_DISORDER])
def test_exclusions_make_the_criteria_not_applicable(exclusion: SscItem) -> None:
    result = classify({I.SKIN_THICKENING_PROXIMAL_TO_MCP.value: True, I.SCLERODACTYLY.value: True,
                       exclusion.value: True})
    assert (result.score, result.classification, result.items) == (None, SscClassification.NOT_APPLICABLE, ())
    assert result.exclusions == (exclusion,)


def test_false_and_absent_items_count_nothing() -> None:
    assert classify({item.value: False for item in SscItem}).score == 0
    assert classify({}).score == 0


items_strategy = st.dictionaries(st.sampled_from(list(SCORED_ITEMS)), st.booleans())


@settings(max_examples=300, deadline=None)
@given(items=items_strategy, extra=st.sampled_from(list(SCORED_ITEMS)))
def test_property_adding_a_finding_never_lowers_the_score(items: dict[SscItem, bool], extra: SscItem) -> None:
    before = classify(items).score
    after = classify({**items, extra: True}).score
    assert before is not None and after is not None
    assert before <= after <= 28


@settings(max_examples=300, deadline=None)
@given(items=items_strategy)
def test_property_classification_follows_the_threshold(items: dict[SscItem, bool]) -> None:
    result = classify(items)
    assert result.score is not None
    assert (result.classification is SscClassification.DEFINITE_SSC) == (result.score >= 9)
    assert sum(s.points for s in result.items) == result.score


def test_every_pair_of_items_is_scored_consistently() -> None:
    for a, b in itertools.combinations(SCORED_ITEMS, 2):
        result = classify({a: True, b: True})
        assert result.score == sum(s.points for s in result.items)
