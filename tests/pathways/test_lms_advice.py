"""The care-pathway advisor: each recommendation's trigger and non-trigger, and its source citation."""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from zorgpad.pathways import case_report, registry
from zorgpad.pathways.facts import CentreFacts, Measurement, PatientFacts, RecordedDecision, TumourFacts
from zorgpad.pathways.lms_2026_03 import advice as advisor
from zorgpad.pathways.lms_2026_03 import branch as lms_branch
from zorgpad.pathways.lms_2026_03 import definition as pathway
from zorgpad.pathways.vocabulary import Branch, Depth, Diagnosis, Kind, Margin, Severity

TODAY = date(2026, 11, 23)
NOBODY = PatientFacts(birth_date=date(1950, 1, 1))
DERMIS_ONLY = TumourFacts(diagnosis=Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM, depth=Depth.DERMIS,
                          size_cm=D("1.2"), margin=Margin.R0)
SUBCUTANEOUS = TumourFacts(diagnosis=Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA, depth=Depth.SUBCUTIS, size_cm=D("6.5"),
                           grade="G2", n="N0", m="M0", margin=Margin.R0, operable=True)
MELANOMA = TumourFacts(diagnosis=Diagnosis.CUTANEOUS_MELANOMA, n="N2b", m="M0", margin=Margin.R0)
# The centre has recorded what the pathway leaves to it: these tests check the pathway's own advice.
CENTRE = CentreFacts((RecordedDecision(pathway.BASELINE_MRI_WINDOW, "3", date(2026, 1, 5)),))


def codes(tumour: TumourFacts, patient: PatientFacts = NOBODY, today: date = TODAY) -> list[str]:
    return [r.code for r in registry.decide(patient, tumour, today, CENTRE).recommendations]


def test_dermis_only_r0_gets_exactly_the_cutaneous_advice() -> None:
    assert codes(DERMIS_ONLY) == [
        "lms.cutaneous.not-malignant",
        "lms.cutaneous.ddx-metastasis",
        "lms.cutaneous.no-imaging",
        "lms.cutaneous.no-routine-followup",
        "pathway.trial",
    ]


def test_subcutaneous_r0_gets_exactly_the_soft_tissue_advice() -> None:
    assert codes(SUBCUTANEOUS) == [
        "lms.subcutaneous.soft-tissue-lms",
        "lms.imaging.locoregional",
        "lms.imaging.ct-thorax",
        "lms.mdo",
        "lms.followup",
        "pathway.trial",
    ]


@pytest.mark.parametrize("code", ["lms.imaging.ct-thorax", "lms.imaging.locoregional", "lms.mdo", "lms.followup",
                                  "lms.subcutaneous.soft-tissue-lms", "lms.port", "lms.systemic"])
def test_dermis_only_never_gets_soft_tissue_advice(code: str) -> None:
    for margin in (Margin.R0, Margin.R1, Margin.R2, None):
        assert code not in codes(replace(DERMIS_ONLY, margin=margin, operable=False))


@pytest.mark.parametrize("code", ["lms.cutaneous.not-malignant", "lms.cutaneous.ddx-metastasis",
                                  "lms.cutaneous.no-routine-followup", "lms.cutaneous.no-imaging"])
def test_subcutaneous_never_gets_the_cutaneous_advice(code: str) -> None:
    assert code not in codes(SUBCUTANEOUS)
    assert code not in codes(replace(DERMIS_ONLY, depth=Depth.SUBCUTIS))
    assert code not in codes(replace(DERMIS_ONLY, depth=Depth.DEEP))


def test_atypical_intradermal_with_subcutis_involved_is_soft_tissue() -> None:
    involved = codes(replace(DERMIS_ONLY, depth=Depth.SUBCUTIS))
    assert involved[:2] == ["lms.cutaneous.subcutis-involved", "lms.subcutaneous.soft-tissue-lms"]
    assert lms_branch.branch(replace(DERMIS_ONLY, depth=Depth.DEEP)) is Branch.SOFT_TISSUE
    # Only for a superficial (cutaneous-origin) tumour reaching the subcutis.
    assert "lms.cutaneous.subcutis-involved" not in codes(replace(DERMIS_ONLY, depth=Depth.DEEP))
    assert "lms.cutaneous.subcutis-involved" not in codes(SUBCUTANEOUS)
    assert "lms.cutaneous.subcutis-involved" not in codes(DERMIS_ONLY)


def test_excision_r0_until_resected_radically() -> None:
    for margin in (None, Margin.NOT_RESECTED, Margin.R1, Margin.R2):
        assert "lms.excision-r0" in codes(replace(SUBCUTANEOUS, margin=margin))
        assert "lms.excision-r0" in codes(replace(DERMIS_ONLY, margin=margin))
    assert "lms.excision-r0" not in codes(SUBCUTANEOUS)
    assert "lms.excision-r0" not in codes(DERMIS_ONLY)


def test_excision_r0_cites_the_branch_section() -> None:
    def source(tumour: TumourFacts) -> str:
        recs = registry.decide(NOBODY, tumour, TODAY, CENTRE).recommendations
        return next(r.source for r in recs if r.code == "lms.excision-r0")

    assert source(replace(DERMIS_ONLY, margin=None)) == pathway.SRC_CUTANEOUS_TREATMENT
    assert source(replace(SUBCUTANEOUS, margin=None)) == pathway.SRC_THERAPY


def test_no_routine_followup_only_after_r0() -> None:
    assert "lms.cutaneous.no-routine-followup" in codes(DERMIS_ONLY)
    for margin in (None, Margin.R1, Margin.R2, Margin.NOT_RESECTED):
        assert "lms.cutaneous.no-routine-followup" not in codes(replace(DERMIS_ONLY, margin=margin))


def test_histopathology_revision_for_an_unrevised_external_biopsy() -> None:
    for tumour in (SUBCUTANEOUS, DERMIS_ONLY, replace(DERMIS_ONLY, depth=None)):
        assert "lms.histopathology-revision" in codes(replace(tumour, external_biopsy_unrevised=True))
        assert "lms.histopathology-revision" not in codes(tumour)
    assert "lms.histopathology-revision" not in codes(replace(MELANOMA, external_biopsy_unrevised=True))


def test_ct_thorax_not_once_m1_is_known_but_systemic_therapy() -> None:
    m1 = replace(SUBCUTANEOUS, m="M1")
    assert "lms.imaging.ct-thorax" not in codes(m1)
    assert "lms.systemic" in codes(m1)
    assert "lms.systemic" not in codes(SUBCUTANEOUS)
    assert "lms.systemic" not in codes(replace(SUBCUTANEOUS, m=None))


def test_port_for_r1_and_r2_only() -> None:
    assert "lms.port" in codes(replace(SUBCUTANEOUS, margin=Margin.R1))
    assert "lms.port" in codes(replace(SUBCUTANEOUS, margin=Margin.R2))
    for margin in (Margin.R0, None, Margin.NOT_RESECTED):
        assert "lms.port" not in codes(replace(SUBCUTANEOUS, margin=margin))


def test_inoperable_radiotherapy() -> None:
    inoperable = replace(SUBCUTANEOUS, operable=False, margin=None)
    assert "lms.inoperable-rt" in codes(inoperable)
    assert "lms.excision-r0" not in codes(inoperable)
    assert "lms.inoperable-rt" not in codes(replace(SUBCUTANEOUS, operable=None, margin=None))
    assert "lms.inoperable-rt" not in codes(replace(SUBCUTANEOUS, operable=True, margin=None))


def test_followup_once_resected() -> None:
    for margin in (Margin.R0, Margin.R1, Margin.R2):
        assert "lms.followup" in codes(replace(SUBCUTANEOUS, margin=margin))
    for margin in (None, Margin.NOT_RESECTED):
        assert "lms.followup" not in codes(replace(SUBCUTANEOUS, margin=margin))


def test_depth_unknown_warns_and_gives_no_depth_dependent_advice() -> None:
    unknown = replace(DERMIS_ONLY, depth=None)
    assert codes(unknown) == ["lms.depth-unknown", "pathway.trial"]
    assert lms_branch.branch(unknown) is Branch.UNDETERMINED


def test_subcutaneous_diagnosis_with_dermis_depth_follows_the_subcutaneous_pathway_with_a_warning() -> None:
    conflict = replace(SUBCUTANEOUS, depth=Depth.DERMIS)
    result = codes(conflict)
    assert result[0] == "lms.depth-conflict"
    assert "lms.mdo" in result and "lms.cutaneous.not-malignant" not in result
    assert "lms.depth-conflict" not in codes(SUBCUTANEOUS)


def test_dermis_only_with_metastasis_is_not_called_benign() -> None:
    spread = replace(DERMIS_ONLY, m="M1")
    result = codes(spread)
    assert "lms.cutaneous.not-malignant" not in result
    assert {"lms.cutaneous.spread-conflict", "lms.cutaneous.ddx-metastasis", "lms.systemic", "lms.mdo"} <= set(result)
    assert "lms.cutaneous.spread-conflict" in codes(replace(DERMIS_ONLY, n="N1"))
    assert "lms.cutaneous.spread-conflict" not in codes(DERMIS_ONLY)


def test_melanoma_gets_no_leiomyosarcoma_advice() -> None:
    # A melanoma follows the melanoma pathway: not one code of the leiomyosarcoma pathway.
    assert codes(MELANOMA) and not [c for c in codes(MELANOMA) if c.startswith("lms.") or c == "pathway.trial"]
    assert codes(TumourFacts(diagnosis=Diagnosis.OTHER)) == []


# --- alerts ---------------------------------------------------------------------------------------------------------


def test_tumour_syndrome_with_another_malignancy() -> None:
    assert "alert.tumour-syndrome" in codes(SUBCUTANEOUS, replace(NOBODY, other_malignancies=1))
    assert "alert.tumour-syndrome" in codes(MELANOMA, replace(NOBODY, other_malignancies=2))
    assert "alert.tumour-syndrome" not in codes(SUBCUTANEOUS, NOBODY)


def test_hlrcc_with_multiple_leiomyomas() -> None:
    assert "alert.hlrcc" in codes(DERMIS_ONLY, replace(NOBODY, multiple_leiomyomas=True))
    assert "alert.hlrcc" not in codes(DERMIS_ONLY, NOBODY)


def test_ebv_with_immunosuppression_and_a_smooth_muscle_tumour() -> None:
    immunosuppressed = replace(NOBODY, immunosuppressed=True)
    assert "alert.ebv" in codes(SUBCUTANEOUS, immunosuppressed)
    assert "alert.ebv" in codes(DERMIS_ONLY, immunosuppressed)
    assert "alert.ebv" not in codes(MELANOMA, immunosuppressed)
    assert "alert.ebv" not in codes(SUBCUTANEOUS, NOBODY)


def test_immunotherapy_warning_for_melanoma_with_an_autoimmune_disease() -> None:
    assert "alert.immunotherapy-autoimmune" in codes(MELANOMA, replace(NOBODY, systemic_sclerosis=True))
    assert "alert.immunotherapy-autoimmune" in codes(MELANOMA, replace(NOBODY, autoimmune_disease=True))
    assert "alert.immunotherapy-autoimmune" not in codes(MELANOMA, NOBODY)
    assert "alert.immunotherapy-autoimmune" not in codes(SUBCUTANEOUS, replace(NOBODY, systemic_sclerosis=True))


def test_paraneoplastic_ssc() -> None:
    ssc = replace(NOBODY, systemic_sclerosis=True)
    assert "alert.paraneoplastic" in codes(DERMIS_ONLY, replace(ssc, anti_rna_polymerase_iii=True))
    assert "alert.paraneoplastic" in codes(DERMIS_ONLY, replace(ssc, other_malignancies=1))
    assert "alert.paraneoplastic" in codes(MELANOMA, ssc)  # the melanoma itself is a malignancy
    assert "alert.paraneoplastic" not in codes(DERMIS_ONLY, ssc)  # not malignant, no antibody, nothing else
    assert "alert.paraneoplastic" not in codes(MELANOMA, replace(NOBODY, anti_rna_polymerase_iii=True))  # no SSc


RISE_UNKNOWN_RANGE = "alert.marker-rise-range-unknown"


def test_marker_rise_without_a_known_reference_range_compares_consecutive_values() -> None:
    rising = (Measurement(date(2026, 5, 1), D("0.08")), Measurement(date(2026, 8, 1), D("0.19")),
              Measurement(date(2026, 11, 1), D("0.31")))
    assert RISE_UNKNOWN_RANGE in codes(MELANOMA, replace(NOBODY, s100b=rising))
    # unordered input is ordered by date
    assert RISE_UNKNOWN_RANGE in codes(MELANOMA, replace(NOBODY, s100b=tuple(reversed(rising))))
    falling = (Measurement(date(2026, 5, 1), D("0.31")), Measurement(date(2026, 8, 1), D("0.19")))
    assert RISE_UNKNOWN_RANGE not in codes(MELANOMA, replace(NOBODY, s100b=falling))
    equal = (Measurement(date(2026, 5, 1), D("0.1")), Measurement(date(2026, 8, 1), D("0.10")))
    assert RISE_UNKNOWN_RANGE not in codes(MELANOMA, replace(NOBODY, s100b=equal))
    assert RISE_UNKNOWN_RANGE not in codes(MELANOMA, replace(NOBODY, s100b=rising[:1]))
    # a value dated after today is ignored
    future = (*falling, Measurement(date(2027, 1, 1), D("9")))
    assert RISE_UNKNOWN_RANGE not in codes(MELANOMA, replace(NOBODY, s100b=future))


def test_pathway_revision_warning_from_1_march_2028() -> None:
    assert "alert.pathway-revision-overdue" not in codes(SUBCUTANEOUS, today=date(2028, 2, 29))
    assert codes(SUBCUTANEOUS, today=date(2028, 3, 1))[0] == "alert.pathway-revision-overdue"
    # The warning is the leiomyosarcoma pathway's own: a melanoma gets the melanoma pathway's own warning instead.
    assert "alert.pathway-revision-overdue" not in codes(MELANOMA, today=date(2031, 1, 1))
    assert "alert.melanoma-revision-overdue" in codes(MELANOMA, today=date(2031, 1, 1))
    definition = pathway.DEFINITION
    assert definition.revision_overdue(date(2028, 3, 1)) and not definition.revision_overdue(date(2028, 2, 29))


def test_alerts_come_first_danger_before_warning() -> None:
    patient = replace(NOBODY, systemic_sclerosis=True, anti_rna_polymerase_iii=True, other_malignancies=1)
    recs = registry.decide(patient, SUBCUTANEOUS, date(2028, 6, 1), CENTRE).recommendations
    assert [(r.code, r.kind, r.severity) for r in recs if r.kind is Kind.ALERT] == [
        ("alert.paraneoplastic", Kind.ALERT, Severity.DANGER),
        ("alert.pathway-revision-overdue", Kind.ALERT, Severity.WARNING),
        ("alert.tumour-syndrome", Kind.ALERT, Severity.WARNING),
    ]
    recs = registry.decide(patient, MELANOMA, date(2028, 6, 1)).recommendations
    assert [r.code for r in recs if r.kind is Kind.ALERT][:4] == [
        "alert.paraneoplastic", "alert.immunotherapy-autoimmune", "alert.melanoma-revision-overdue",
        "alert.tumour-syndrome"]


def test_every_recommendation_cites_a_section() -> None:
    for code, definition in {**advisor.DEFINITIONS, **case_report.DEFINITIONS}.items():
        assert definition.source.startswith((pathway.SRC_PATHWAY, case_report.TITLE)), code
        assert definition.kind is (Kind.ALERT if code.startswith("alert.") else Kind.RECOMMENDATION), code


def test_required_codes_exist() -> None:
    required = {
        "lms.cutaneous.not-malignant", "lms.cutaneous.ddx-metastasis", "lms.excision-r0",
        "lms.cutaneous.no-routine-followup", "lms.subcutaneous.soft-tissue-lms", "lms.histopathology-revision",
        "lms.imaging.locoregional", "lms.imaging.ct-thorax", "lms.mdo", "lms.port", "lms.inoperable-rt",
        "lms.systemic", "lms.followup", "pathway.trial", "alert.tumour-syndrome", "alert.hlrcc", "alert.ebv",
        "alert.immunotherapy-autoimmune", "alert.paraneoplastic", "alert.marker-rise",
        "alert.pathway-revision-overdue",
    }
    assert required <= {*advisor.DEFINITIONS, *case_report.DEFINITIONS}


def test_mdo_text_names_the_friday_slot() -> None:
    assert "every Friday 14:00-15:00" in advisor.DEFINITIONS["lms.mdo"].text
    assert advisor.DEFINITIONS["lms.mdo"].source == pathway.SRC_MDO


def test_a_choice_left_to_the_centre_is_named_until_recorded_never_guessed() -> None:
    undecided = "centre." + pathway.BASELINE_MRI_WINDOW
    recs = registry.decide(NOBODY, SUBCUTANEOUS, TODAY).recommendations  # nothing recorded
    alert = next(r for r in recs if r.code == undecided)
    assert (alert.kind, alert.severity, alert.source) == (Kind.ALERT, Severity.WARNING, pathway.SRC_FOLLOWUP)
    assert "to be decided by the centre" in alert.text
    assert undecided not in codes(SUBCUTANEOUS)  # recorded
    # Only where the advice needs it: no routine follow-up, no baseline MRI to schedule.
    assert undecided not in [r.code for r in registry.decide(NOBODY, DERMIS_ONLY, TODAY).recommendations]
