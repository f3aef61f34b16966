"""One clinical decision, one place: each defect of "One care pathway, one decision" as the rule it checks.

Pure tests of zorgpad.pathways (the registry's decide() is what the advisor, staging, follow-up and the MDO use).
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from followup.rules import schedule
from staging import calculators
from zorgpad.pathways import registry
from zorgpad.pathways.facts import Measurement, PatientFacts, TumourFacts
from zorgpad.pathways.readiness import Imaging, ItemState, ReadinessInput, readiness
from zorgpad.pathways.vocabulary import (
    BodySiteRegion,
    Branch,
    Depth,
    Diagnosis,
    FollowupDecision,
    Margin,
    MarkerUnit,
    Severity,
    StagingSystem,
    marker_unit_parse,
)

TODAY = date(2026, 11, 30)
NOBODY = PatientFacts(birth_date=date(1950, 1, 1))
DERMIS_ONLY = TumourFacts(diagnosis=Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM, depth=Depth.DERMIS,
                          size_cm=D("1.2"), margin=Margin.R0, body_site_region=BodySiteRegion.TRUNK)
SUBCUTANEOUS = TumourFacts(diagnosis=Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA, depth=Depth.SUBCUTIS, size_cm=D("3"),
                           grade="G2", n="N0", m="M0", margin=Margin.R0, body_site_region=BodySiteRegion.TRUNK)
MELANOMA = TumourFacts(diagnosis=Diagnosis.CUTANEOUS_MELANOMA, n="N2b", m="M0", margin=Margin.R0)
SPEC = schedule.PlanTemplateSpec(6, 60, ("clinical_examination", "chest_xray"), (schedule.BaselineItemSpec("mri", 3),))


def decide(tumour: TumourFacts, patient: PatientFacts = NOBODY) -> registry.TumourDecision:
    return registry.decide(patient, tumour, TODAY)


def codes(tumour: TumourFacts, patient: PatientFacts = NOBODY) -> list[str]:
    return [r.code for r in decide(tumour, patient).recommendations]


def plan(tumour: TumourFacts, patient: PatientFacts = NOBODY) -> schedule.PlanDecision:
    """What the follow-up plan builder does with the pathway's decision."""
    inputs = schedule.PlanInputs(followup=decide(tumour, patient).followup, date_of_surgery=date(2026, 1, 15))
    return schedule.decide(inputs, SPEC)


# --- dermis only, yet N1 or M1 ------------------------------------------------------------------------------------

@pytest.mark.parametrize("spread", [{"n": "N1"}, {"m": "M1"}], ids=["N1", "M1"])
def test_rule_dermis_only_with_spread_follows_soft_tissue_with_a_danger_conflict(spread: dict[str, str]) -> None:
    decision = decide(replace(DERMIS_ONLY, **spread))
    assert decision.branch is Branch.SOFT_TISSUE
    conflict = next(r for r in decision.recommendations if r.code == "lms.cutaneous.spread-conflict")
    assert conflict.severity is Severity.DANGER


def test_rule_dermis_only_with_n1_leaves_follow_up_undecided_never_no_routine() -> None:
    decision = decide(replace(DERMIS_ONLY, n="N1"))
    assert decision.followup.decision is FollowupDecision.UNDECIDED
    assert plan(replace(DERMIS_ONLY, n="N1")).outcome is schedule.Outcome.REFUSED
    # The same tumour without N1 is the pathway's "no routine follow-up".
    assert decide(DERMIS_ONLY).followup.decision is FollowupDecision.NO_ROUTINE
    assert plan(DERMIS_ONLY).outcome is schedule.Outcome.NO_ROUTINE


# --- M1: never a surveillance plan --------------------------------------------------------------------------------

@pytest.mark.parametrize("tumour", [replace(SUBCUTANEOUS, m="M1"), replace(DERMIS_ONLY, m="M1"),
                                    replace(MELANOMA, m="M1c")], ids=["subcutaneous", "dermis-only", "melanoma"])
def test_rule_m1_follow_up_is_not_applicable_and_no_plan_is_built(tumour: TumourFacts) -> None:
    decision = decide(tumour)
    if tumour.diagnosis == Diagnosis.CUTANEOUS_MELANOMA:
        # The melanoma pathway (issue 16): stage IV is "undecided: centre to decide", refused as metastatic.
        assert decision.followup.decision is FollowupDecision.UNDECIDED
        assert decision.followup.reason.startswith("Undecided: centre to decide")
    else:
        assert decision.followup.decision is FollowupDecision.NOT_APPLICABLE
    assert "treating team" in decision.followup.reason
    built = plan(tumour)
    assert built.outcome is schedule.Outcome.REFUSED and built.refusal is schedule.Refusal.METASTATIC
    # Not even by an explicitly chosen template (melanoma).
    explicit = schedule.PlanInputs(followup=decision.followup, date_of_surgery=date(2026, 1, 15),
                                   explicit_template=True)
    assert schedule.decide(explicit, SPEC).outcome is schedule.Outcome.REFUSED
    assert "lms.followup" not in codes(tumour)


# --- which AJCC chapter applies (rules.md 1.5) --------------------------------------------------------------------

def test_rule_dermis_only_ajcc_does_not_apply_and_no_stage_is_previewed() -> None:
    decision = decide(DERMIS_ONLY)
    assert not decision.staging.applicable and decision.staging.system is None
    assert "not considered malignant" in (decision.staging.reason or "")
    evaluation = calculators.pathway_evaluate(patient=NOBODY, tumour=replace(DERMIS_ONLY, grade="G2"), today=TODAY)
    assert evaluation.stage is None


def test_rule_head_and_neck_is_chapter_40_t_only_without_a_stage_group() -> None:
    scalp = replace(SUBCUTANEOUS, body_site_region=BodySiteRegion.HEAD_NECK, invasion_adjoining_structures=False)
    assert decide(scalp).staging.system is StagingSystem.STS_HEAD_NECK
    evaluation = calculators.pathway_evaluate(patient=NOBODY, tumour=scalp, today=TODAY)
    assert evaluation.stage is not None
    assert (evaluation.stage.t, evaluation.stage.stage, evaluation.stage.missing) == ("T2", None, ())
    unknown = calculators.pathway_evaluate(patient=NOBODY, tumour=replace(scalp, invasion_adjoining_structures=None),
                                           today=TODAY)
    assert unknown.stage is not None
    assert (unknown.stage.t, unknown.stage.stage) == ("TX", None)
    assert unknown.stage.missing == ("invasion_adjoining_structures",)


@pytest.mark.parametrize(("size", "invasion", "t"), [
    pytest.param("2.0", False, "T1", id="2.0 cm: T1 (<= 2)"),
    pytest.param("2.01", False, "T2", id="2.01 cm: T2"),
    pytest.param("4.0", False, "T2", id="4.0 cm: T2 (<= 4)"),
    pytest.param("4.01", False, "T3", id="4.01 cm: T3"),
    pytest.param("1.0", True, "T4", id="invasion: T4 at any size"),
])
def test_rule_ajcc8_chapter_40_t_by_size_and_invasion(size: str, invasion: bool, t: str) -> None:
    result = calculators.stage_compute(system=StagingSystem.STS_HEAD_NECK, size_cm=D(size), grade="G3",
                                       invasion_adjoining_structures=invasion, n="N0", m="M0")
    assert (result.t, result.stage) == (t, None)


def test_rule_missing_body_site_region_is_a_named_missing_input_never_derived() -> None:
    decision = decide(replace(SUBCUTANEOUS, body_site_region=None))
    assert not decision.staging.applicable
    assert decision.staging.missing == ("body_site_region",)
    other = decide(replace(SUBCUTANEOUS, body_site_region=BodySiteRegion.OTHER))
    assert not other.staging.applicable and other.staging.missing == ()


def test_rule_superficial_tumour_with_subcutis_involved_carries_the_grade_caveat() -> None:
    involved = replace(DERMIS_ONLY, depth=Depth.SUBCUTIS, grade="G3")
    decision = decide(involved)
    assert decision.staging.system is StagingSystem.STS_TRUNK_EXTREMITIES
    assert "no prognostic value" in (decision.staging.caveat or "")
    assert decide(SUBCUTANEOUS).staging.caveat is None


# --- alerts that do not depend on how the record was filled in ----------------------------------------------------

def test_rule_possible_ssc_from_the_criteria_raises_the_paraneoplastic_alert_and_a_prompt() -> None:
    possible = replace(NOBODY, possible_ssc=True, anti_rna_polymerase_iii=True)
    assert "alert.paraneoplastic-possible-ssc" in codes(MELANOMA, possible)
    assert "alert.record-ssc" in codes(MELANOMA, possible)
    assert "alert.paraneoplastic-possible-ssc" not in codes(MELANOMA, replace(NOBODY, anti_rna_polymerase_iii=True))


def test_rule_possible_ssc_also_gets_the_immunotherapy_caution() -> None:
    assert "alert.immunotherapy-autoimmune" in codes(MELANOMA, replace(NOBODY, possible_ssc=True))


def test_rule_patient_alerts_show_without_a_tumour() -> None:
    patient = replace(NOBODY, systemic_sclerosis=True, anti_rna_polymerase_iii=True)
    assert [a.code for a in registry.patient_alerts(patient, (), TODAY)] == ["alert.paraneoplastic"]
    assert registry.patient_alerts(replace(patient, anti_rna_polymerase_iii=False), (), TODAY) == []


def test_rule_high_risk_gets_dermatologist_checks_also_without_routine_follow_up() -> None:
    high = replace(NOBODY, high_risk=True)
    decision = decide(DERMIS_ONLY, high)
    assert decision.followup.decision is FollowupDecision.NO_ROUTINE
    assert decision.followup.dermatologist_checks
    assert "lms.high-risk-dermatologist" in codes(DERMIS_ONLY, high)
    assert "lms.high-risk-dermatologist" not in codes(DERMIS_ONLY, replace(NOBODY, high_risk=False))
    assert not decide(DERMIS_ONLY).followup.dermatologist_checks


def test_rule_immunosuppression_without_a_risk_profile_prompts_to_record_one() -> None:
    assert "alert.record-risk-profile" in codes(SUBCUTANEOUS, replace(NOBODY, immunosuppressed=True))
    assert "alert.record-risk-profile" not in codes(SUBCUTANEOUS, replace(NOBODY, immunosuppressed=True,
                                                                           high_risk=False))


# --- S-100B in one unit, against the lab's upper limit ------------------------------------------------------------

def series(*values: tuple[str, MarkerUnit | None, str | None]) -> tuple[Measurement, ...]:
    return tuple(Measurement(date(2026, month, 1), D(value), unit, D(limit) if limit else None)
                 for month, (value, unit, limit) in enumerate(values, start=5))


def s100b(*values: tuple[str, MarkerUnit | None, str | None]) -> list[str]:
    return [c for c in codes(MELANOMA, replace(NOBODY, s100b=series(*values))) if c.startswith("alert.marker")]


def test_rule_s100b_is_compared_in_one_unit() -> None:
    # 150 ng/L = 0.15 µg/L, then 0.20 µg/L: a rise.
    assert s100b(("150", MarkerUnit.NG_L, None), ("0.20", MarkerUnit.UG_L, None)) == [
        "alert.marker-rise-range-unknown"]
    # 0.20 µg/L, then 150 ng/L: a fall.
    assert s100b(("0.20", MarkerUnit.UG_L, None), ("150", MarkerUnit.NG_L, None)) == []


def test_rule_s100b_above_the_upper_limit_after_a_rise_keeps_the_alert() -> None:
    assert s100b(("0.08", MarkerUnit.UG_L, "0.10"), ("0.35", MarkerUnit.UG_L, "0.10"),
                 ("0.33", MarkerUnit.UG_L, "0.10")) == ["alert.marker-rise"]


def test_rule_s100b_rise_within_the_reference_range_is_information_only() -> None:
    assert s100b(("0.04", MarkerUnit.UG_L, "0.10"), ("0.07", MarkerUnit.UG_L, "0.10")) == [
        "alert.marker-rise-within-range"]
    rec = next(r for r in decide(MELANOMA, replace(NOBODY, s100b=series(
        ("0.04", MarkerUnit.UG_L, "0.10"), ("0.07", MarkerUnit.UG_L, "0.10")))).recommendations
        if r.code == "alert.marker-rise-within-range")
    assert rec.severity is Severity.INFO


def test_rule_s100b_without_a_known_unit_is_listed_for_review_and_not_compared() -> None:
    assert s100b(("0.10", MarkerUnit.UG_L, None), ("9", None, None)) == ["alert.marker-unit-unknown"]


@pytest.mark.parametrize(("typed", "ucum"), [("µg/L", "ug/L"), ("μg/l", "ug/L"), ("ug/L", "ug/L"),
                                             ("ng/L", "ng/L"), ("NG/ML", "ng/mL"), ("U/L", "U/L")])
def test_rule_marker_units_are_read_as_ucum(typed: str, ucum: str) -> None:
    unit = marker_unit_parse(typed)
    assert unit is not None and unit.value == ucum


def test_rule_an_unknown_unit_is_not_guessed() -> None:
    assert marker_unit_parse("mmol/L") is None and marker_unit_parse("") is None


# --- MDO readiness uses the same decision -------------------------------------------------------------------------

def test_rule_mdo_readiness_follows_the_pathway_decision_for_a_dermis_only_tumour() -> None:
    decision = decide(DERMIS_ONLY)
    state = readiness(ReadinessInput(pathology_source="own", revision_status="not_needed", imaging=Imaging.PENDING,
                                     stage_recorded=False, imaging_needed=decision.imaging_needed,
                                     staging_applicable=decision.staging.applicable))
    assert state.ready
    assert {item.state for item in state.items} == {ItemState.OK, ItemState.NOT_NEEDED}
    soft = decide(SUBCUTANEOUS)
    not_ready = readiness(ReadinessInput(pathology_source="own", revision_status="not_needed", imaging=Imaging.PENDING,
                                         stage_recorded=False, imaging_needed=soft.imaging_needed,
                                         staging_applicable=soft.staging.applicable))
    assert not not_ready.ready
