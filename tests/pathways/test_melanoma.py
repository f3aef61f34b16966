"""The melanoma pathway (issue 16), rule by rule against /work/shared/clinical/melanoma-pathway.md §1 and §2.
Each test names the rule (its code) it checks."""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from followup.rules import schedule
from zorgpad.pathways import registry
from zorgpad.pathways.facts import CentreFacts, PatientFacts, RecordedDecision, TumourFacts
from zorgpad.pathways.melanoma_2026_11 import definition as MD
from zorgpad.pathways.melanoma_2026_11.advice import DEFINITIONS
from zorgpad.pathways.vocabulary import (
    AdjuvantStatus,
    Diagnosis,
    FollowupDecision,
    Kind,
    MutationStatus,
    SentinelNode,
)

TODAY = date(2026, 11, 30)
NOBODY = PatientFacts()
MEL = TumourFacts(diagnosis=Diagnosis.CUTANEOUS_MELANOMA, n="N0", m="M0")
IIIA = replace(MEL, stage="IIIA", n="N1a", sentinel_node=SentinelNode.POSITIVE, t="T1b", breslow_mm=D("0.9"))
IIIB = replace(MEL, stage="IIIB", n="N1a", t="T3a", breslow_mm=D("2.5"), sentinel_node=SentinelNode.POSITIVE,
               sentinel_deposit_mm=D("1.5"), date_of_surgery=date(2026, 1, 20))
DECIDED_ON = date(2026, 11, 2)


def centre(**values: str) -> CentreFacts:
    keys = {"threshold": MD.SENTINEL_THRESHOLD, "iiia": MD.FOLLOWUP_IIIA_SMALL, "ct": MD.ADJUVANT_CT_INTERVAL,
            "signoff": MD.SIGN_OFF}
    return CentreFacts(tuple(RecordedDecision(keys[k], v, DECIDED_ON) for k, v in values.items()))


def decide(tumour: TumourFacts, patient: PatientFacts = NOBODY, recorded: CentreFacts | None = None,
           today: date = TODAY) -> registry.TumourDecision:
    return registry.decide(patient, tumour, today, recorded)


def recs(tumour: TumourFacts, recorded: CentreFacts | None = None, patient: PatientFacts = NOBODY) -> dict[str, str]:
    """code -> text with its parameters filled in (English)."""
    out = {}
    for rec in decide(tumour, patient, recorded).recommendations:
        out[rec.code] = rec.text % dict(rec.params) if rec.params else rec.text
    return out


# --- mel.reexcision-margin (RL-MARGE) ------------------------------------------------------------------------------

@pytest.mark.parametrize(("breslow", "margin"), [
    pytest.param("0.5", "1", id="RL-MARGE row 2: 0.5 mm -> 1 cm (no split at 1 mm)"),
    pytest.param("1.0", "1", id="RL-MARGE row 2: 1.0 mm -> 1 cm"),
    pytest.param("2.0", "1", id="RL-MARGE row 2: 'tot en met 2 mm' -> 1 cm"),
    pytest.param("2.04", "1", id="rounded Breslow 2.04 -> 2.0 mm -> 1 cm"),
    pytest.param("2.05", "2", id="rounded Breslow 2.05 -> 2.1 mm -> 2 cm (RL-MARGE row 3)"),
    pytest.param("5.0", "2", id="RL-MARGE row 3: more than 2 mm -> 2 cm"),
])
def test_rule_mel_reexcision_margin_by_rounded_breslow(breslow: str, margin: str) -> None:
    text = recs(replace(MEL, breslow_mm=D(breslow)))["mel.reexcision-margin"]
    assert f"margin of {margin} cm" in text
    assert "Narrower margins may be considered at cosmetically or functionally important sites" in text


def test_rule_mel_reexcision_margin_in_situ_is_half_a_centimetre() -> None:
    found = recs(replace(MEL, t="Tis", stage="0"))
    assert "margin of 0.5 cm" in found["mel.reexcision-margin.in-situ"]
    assert "mel.reexcision-margin" not in found


def test_rule_mel_reexcision_margin_missing_breslow_names_the_input_and_gives_no_margin() -> None:
    found = recs(MEL)
    assert "Breslow thickness is not recorded" in found["mel.reexcision-margin.missing"]
    assert "mel.reexcision-margin" not in found and "mel.reexcision-margin.in-situ" not in found


# --- mel.adjuvant-discuss / mel.no-adjuvant-iiia-small (RL-ADJ in AJCC 8 terms; RL-FU-III) -------------------------

@pytest.mark.parametrize(("deposit", "discuss"), [
    pytest.param("0.8", False, id="IIIA deposit 0.8 mm: no adjuvant indication (RL-FU-III)"),
    pytest.param("1.0", False, id="IIIA deposit 1.0 mm: <= 1 mm, no adjuvant indication"),
    pytest.param("1.01", True, id="IIIA deposit 1.01 mm: > 1 mm, discuss adjuvant (RL-ADJ '3a > 1mm')"),
    pytest.param("1.5", True, id="IIIA deposit 1.5 mm: discuss adjuvant"),
])
def test_rule_mel_adjuvant_iiia_by_deposit(deposit: str, discuss: bool) -> None:
    found = recs(replace(IIIA, sentinel_deposit_mm=D(deposit)))
    assert ("mel.adjuvant-discuss" in found) is discuss
    assert ("mel.no-adjuvant-iiia-small" in found) is not discuss


@pytest.mark.parametrize("stage", ["IIIB", "IIIC", "IIID", "IV"])
def test_rule_mel_adjuvant_discuss_high_risk_stage_iii_and_iv(stage: str) -> None:
    found = recs(replace(MEL, stage=stage, n="N2b"))
    assert "discuss adjuvant systemic therapy in the melanoma-centre MDO" in found["mel.adjuvant-discuss"]
    assert "Not an automatic prescription" in found["mel.adjuvant-discuss"]
    assert "mel.systemic-in-centre" in found  # RL-ORG


@pytest.mark.parametrize("stage", ["0", "IA", "IB", "IIA", "IIC"])
def test_rule_mel_adjuvant_discuss_not_for_stage_0_to_ii(stage: str) -> None:
    assert "mel.adjuvant-discuss" not in recs(replace(MEL, stage=stage))


def test_rule_mel_adjuvant_iiia_without_deposit_is_missing_input_never_no_indication() -> None:
    found = recs(IIIA)
    assert "mel.adjuvant-deposit-missing" in found and "mel.missing.sentinel-deposit" in found
    assert "mel.no-adjuvant-iiia-small" not in found and "mel.adjuvant-discuss" not in found


def test_rule_mel_positive_node_with_n0_is_a_named_conflict() -> None:
    found = recs(replace(IIIA, n="N0", sentinel_deposit_mm=D("0.5")))
    assert "Conflict" in found["mel.conflict.sentinel-n0"]
    assert "mel.no-adjuvant-iiia-small" not in found and "mel.no-completion-dissection" not in found


@pytest.mark.parametrize(("braf", "code", "phrase"), [
    pytest.param(MutationStatus.WILD_TYPE, "mel.adjuvant-options.wild-type", "anti-PD-1 is the option",
                 id="wild-type: anti-PD-1 only (WINO2018)"),
    pytest.param(MutationStatus.MUTANT, "mel.adjuvant-options.mutant", "anti-PD-1 or BRAF/MEK inhibition",
                 id="mutant: anti-PD-1 or BRAF/MEK"),
    pytest.param(MutationStatus.NOT_TESTED, "mel.braf-needed", "BRAF V600 status is not recorded",
                 id="not tested: BRAF status needed"),
    pytest.param(None, "mel.braf-needed", "BRAF V600 status is not recorded", id="not recorded: needed"),
])
def test_rule_mel_adjuvant_options_follow_braf_v600(braf: MutationStatus | None, code: str, phrase: str) -> None:
    found = recs(replace(IIIB, braf_v600=braf))
    assert phrase in found[code]
    options = {c for c in found if c.startswith("mel.adjuvant-options") or c == "mel.braf-needed"}
    assert options == {code}


def test_rule_mel_no_completion_dissection_for_a_positive_sentinel_node() -> None:
    assert "no immediate completion lymph-node dissection" in recs(IIIB)["mel.no-completion-dissection"]
    assert "mel.no-completion-dissection" not in recs(replace(MEL, stage="IB", sentinel_node=SentinelNode.NEGATIVE))


# --- mel.melanoma-centre-mdo, mel.autoimmune-flag, mel.brain-symptoms (RL-ORG, WINO2018) ---------------------------

@pytest.mark.parametrize(("tumour", "advised"), [
    pytest.param(replace(MEL, stage="IIB"), False, id="IIB: not required"),
    pytest.param(IIIB, True, id="IIIB"),
    pytest.param(replace(MEL, stage="IV", m="M1a"), True, id="IV"),
    pytest.param(replace(MEL, in_transit=True, n="N1c"), True, id="in-transit at diagnosis: stage III"),
    pytest.param(replace(MEL, stage="IIA", recurrences=(date(2026, 5, 1),)), True, id="a recurrence"),
])
def test_rule_mel_melanoma_centre_mdo_for_stage_iii_and_iv(tumour: TumourFacts, advised: bool) -> None:
    found = recs(tumour)
    assert ("mel.melanoma-centre-mdo" in found) is advised
    if advised:
        assert "(weekly)" in found["mel.melanoma-centre-mdo"]
    assert decide(tumour).braf_needed is advised  # the MDO checklist asks for BRAF for stage III/IV


def test_rule_mel_autoimmune_flag_for_the_mdo_and_the_existing_alert_stays() -> None:
    ssc = PatientFacts(systemic_sclerosis=True)
    found = recs(IIIB, patient=ssc)
    assert "a flag, not a contraindication" in found["mel.autoimmune-flag"]
    assert "alert.immunotherapy-autoimmune" in found
    assert "mel.autoimmune-flag" not in recs(IIIB)


def test_rule_mel_in_transit_n_category_conflict() -> None:
    assert "mel.conflict.in-transit-n" in recs(replace(MEL, in_transit=True, n="N1a"))
    assert "mel.conflict.in-transit-n" not in recs(replace(MEL, in_transit=True, n="N2c"))


def test_rule_mel_brain_symptoms_same_working_day() -> None:
    assert "neurologist the same working day" in recs(MEL)["mel.brain-symptoms"]


# --- §2: the sentinel-node threshold is the centre's ---------------------------------------------------------------

def test_centre_decision_sentinel_threshold_is_to_be_decided_until_recorded() -> None:
    found = recs(replace(MEL, stage="IB", t="T1b", breslow_mm=D("0.9")))
    assert "to be decided by the centre" in found["mel.sentinel-node"]
    assert "to be decided by the centre" in found["centre." + MD.SENTINEL_THRESHOLD]


@pytest.mark.parametrize(("value", "t", "breslow", "outcome"), [
    pytest.param(MD.SENTINEL_PT1B, "T1a", "0.7", "No sentinel-node biopsy", id="pT1b: T1a not"),
    pytest.param(MD.SENTINEL_PT1B, "T1b", "0.7", "Sentinel-node biopsy indicated", id="pT1b: T1b (ulcerated) yes"),
    pytest.param(MD.SENTINEL_1MM, "T1b", "0.94", "No sentinel-node biopsy", id=">= 1.0 mm: 0.94 rounds to 0.9"),
    pytest.param(MD.SENTINEL_1MM, "T1b", "0.95", "Sentinel-node biopsy indicated", id=">= 1.0 mm: 0.95 -> 1.0"),
    pytest.param(MD.SENTINEL_08MM_RISK, "T1b", "0.85", "when the risk factors named", id=">= 0.8 with risk"),
    pytest.param(MD.SENTINEL_08MM_RISK, "T1a", "0.74", "No sentinel-node biopsy", id="0.74 -> 0.7: not"),
    pytest.param(MD.SENTINEL_08MM_RISK, "T2a", "1.2", "Sentinel-node biopsy indicated", id="1.2 mm: yes"),
])
def test_centre_decision_sentinel_threshold_recorded_is_followed_and_cited(value: str, t: str, breslow: str,
                                                                         outcome: str) -> None:
    tumour = replace(MEL, stage="IB", t=t, breslow_mm=D(breslow))
    found = recs(tumour, centre(threshold=value))
    assert outcome in found["mel.sentinel-node"]
    assert "centre decision of 02-11-2026" in found["mel.sentinel-node"]
    assert "centre." + MD.SENTINEL_THRESHOLD not in found


def test_every_section_2_item_and_the_two_named_choices_are_centre_decisions() -> None:
    keys = {spec.key for spec in MD.DEFINITION.centre_decisions}
    assert keys == {MD.SIGN_OFF, MD.SENTINEL_THRESHOLD, MD.IMAGING_AT_DIAGNOSIS, MD.S100B_USE, MD.ADJUVANT_STAGE_II,
                    MD.NEOADJUVANT, MD.FOLLOWUP_IB_IIC, MD.FOLLOWUP_AFTER_ADJUVANT, MD.FOLLOWUP_LOCATION,
                    MD.FOLLOWUP_IIIA_SMALL, MD.IN_TRANSIT_TREATMENT, MD.ADJUVANT_CT_INTERVAL}
    spec = {s.key: s for s in MD.DEFINITION.centre_decisions}
    assert spec[MD.SENTINEL_THRESHOLD].choices == (MD.SENTINEL_PT1B, MD.SENTINEL_1MM, MD.SENTINEL_08MM_RISK)
    assert spec[MD.FOLLOWUP_IIIA_SMALL].choices == (MD.IIIA_EXAMINATION, MD.IIIA_ULTRASOUND)
    assert spec[MD.ADJUVANT_CT_INTERVAL].choices == ("3", "4")


# --- sign-off and revision warnings --------------------------------------------------------------------------------

def test_derived_from_guideline_warning_on_every_advice_until_signed_off() -> None:
    for tumour in (MEL, IIIA, IIIB, replace(MEL, stage="IV", m="M1c")):
        assert "Derived from the national guideline" in recs(tumour)["centre." + MD.SIGN_OFF]
        assert "centre." + MD.SIGN_OFF not in recs(tumour, centre(signoff="signed-off"))


def test_revision_warning_is_the_melanoma_pathways_own() -> None:
    late = decide(MEL, today=date(2027, 11, 1)).recommendations
    texts = {r.code: r.text for r in late}
    assert "melanoma pathway" in texts["alert.melanoma-revision-overdue"]
    assert "alert.pathway-revision-overdue" not in texts
    assert "alert.melanoma-revision-overdue" not in {r.code for r in decide(MEL, today=date(2027, 10, 31))
                                                     .recommendations}


def test_no_melanoma_advice_mentions_the_leiomyosarcoma_pathway() -> None:
    for code, advice in DEFINITIONS.items():
        assert "leiomyosarcom" not in (advice.text + advice.source).lower(), code
    assert "leiomyosarcom" not in MD.DEFINITION.title.lower() + MD.DEFINITION.revision_warning.lower()


def test_the_pathways_title_version_and_sources_are_on_its_advice() -> None:
    decision = decide(IIIB)
    assert decision.pathway is not None and decision.pathway.title == "Zorgpad cutaan melanoom"
    assert decision.pathway.version == "2026-11"
    sources = {r.source for r in decision.recommendations if r.code.startswith("mel.")}
    assert any("RL-ORG" in s for s in sources) and any("RL-ADJ" in s for s in sources)


# --- follow-up (RL-FU-IA, RL-FU-III, RL-LND, RL-ADJ) ---------------------------------------------------------------

@pytest.mark.parametrize(("tumour", "decision", "code", "template"), [
    pytest.param(replace(MEL, t="Tis", stage="0"), FollowupDecision.NO_ROUTINE, "", "", id="in situ: none"),
    pytest.param(replace(MEL, stage="IA"), FollowupDecision.NO_ROUTINE, "", "", id="IA: none (RL-FU-IA)"),
    pytest.param(replace(MEL, stage="IB"), FollowupDecision.UNDECIDED, "centre_to_decide", "", id="IB: centre"),
    pytest.param(replace(MEL, stage="IIC"), FollowupDecision.UNDECIDED, "centre_to_decide", "", id="IIC: centre"),
    pytest.param(replace(IIIA, sentinel_deposit_mm=D("0.8")), FollowupDecision.UNDECIDED, "centre_to_decide", "",
                 id="IIIA <= 1 mm: the centre chooses"),
    pytest.param(replace(IIIB, adjuvant=AdjuvantStatus.NOT_GIVEN), FollowupDecision.ROUTINE, "",
                 MD.TEMPLATE_IIIB_D, id="IIIB without adjuvant: RL-FU-III"),
    pytest.param(replace(IIIB, stage="IIID", adjuvant=AdjuvantStatus.NOT_GIVEN), FollowupDecision.ROUTINE, "",
                 MD.TEMPLATE_IIIB_D, id="IIID without adjuvant"),
    pytest.param(IIIB, FollowupDecision.UNDECIDED, "missing_input", "", id="IIIB, adjuvant not recorded"),
    pytest.param(replace(IIIB, adjuvant=AdjuvantStatus.FINISHED), FollowupDecision.UNDECIDED, "centre_to_decide",
                 "", id="after adjuvant: centre"),
    pytest.param(replace(IIIB, adjuvant=AdjuvantStatus.NOT_GIVEN, recurrences=(date(2026, 8, 1),)),
                 FollowupDecision.UNDECIDED, "centre_to_decide", "", id="after a recurrence: centre"),
    pytest.param(replace(MEL, stage="IV", m="M1b"), FollowupDecision.UNDECIDED, "metastatic", "", id="IV"),
    pytest.param(MEL, FollowupDecision.UNDECIDED, "missing_input", "", id="no stage recorded: named"),
])
def test_rule_mel_followup_by_stage(tumour: TumourFacts, decision: FollowupDecision, code: str,
                                    template: str) -> None:
    advice = decide(tumour).followup
    assert (advice.decision, advice.code, advice.template_key) == (decision, code, template)
    if decision is FollowupDecision.UNDECIDED and code == "centre_to_decide":
        assert advice.reason.startswith("Undecided: centre to decide")


@pytest.mark.parametrize(("value", "template"), [(MD.IIIA_EXAMINATION, MD.TEMPLATE_IIIA_EXAMINATION),
                                                 (MD.IIIA_ULTRASOUND, MD.TEMPLATE_IIIA_ULTRASOUND)])
def test_rule_mel_followup_iiia_small_uses_the_centres_choice_and_cites_it(value: str, template: str) -> None:
    advice = decide(replace(IIIA, sentinel_deposit_mm=D("0.8")), recorded=centre(iiia=value)).followup
    assert (advice.decision, advice.template_key) == (FollowupDecision.ROUTINE, template)
    assert "centre decision of %(date)s" in advice.reason and dict(advice.params)["date"] == "02-11-2026"


def test_rule_mel_imaging_before_adjuvant_and_ct_during_adjuvant_at_the_centres_interval() -> None:
    ongoing = replace(IIIB, adjuvant=AdjuvantStatus.ONGOING, adjuvant_start=date(2026, 3, 1),
                      adjuvant_end=date(2027, 3, 1))
    assert decide(ongoing).followup.code == "centre_to_decide"
    assert "to be decided by the centre" in recs(ongoing)["mel.imaging-before-adjuvant"]
    advice = decide(ongoing, recorded=centre(ct="3")).followup
    assert (advice.template_key, advice.anchor, advice.until) == ("mel-adjuvant-ct-3", date(2026, 3, 1),
                                                                  date(2027, 3, 1))
    assert "CT every 3 months (centre decision of 02-11-2026)" in recs(ongoing, centre(ct="3"))[
        "mel.imaging-before-adjuvant"]


def test_acceptance_primary_iiib_without_adjuvant_every_4_months_with_ct_then_6_then_12_from_resection() -> None:
    tumour = replace(IIIB, adjuvant=AdjuvantStatus.NOT_GIVEN)
    advice = decide(tumour).followup
    phases = tuple(schedule.PhaseSpec(p.interval_months, p.until_month, p.visit_items)
                   for p in MD.IIIB_D.phase_list())
    spec = schedule.PlanTemplateSpec(interval_months=4, duration_months=60, visit_items=(), baseline_items=(),
                                     phases=phases)
    plan = schedule.decide(schedule.PlanInputs(followup=advice, date_of_surgery=tumour.date_of_surgery), spec)
    assert plan.outcome is schedule.Outcome.ROUTINE
    assert [(v.due_date, v.items) for v in plan.visits] == [
        (date(2026, 5, 20), ("clinical_examination", "ct_chest_abdomen")),
        (date(2026, 9, 20), ("clinical_examination", "ct_chest_abdomen")),
        (date(2027, 1, 20), ("clinical_examination", "ct_chest_abdomen")),
        (date(2027, 5, 20), ("clinical_examination", "ct_chest_abdomen")),
        (date(2027, 9, 20), ("clinical_examination", "ct_chest_abdomen")),
        (date(2028, 1, 20), ("clinical_examination", "ct_chest_abdomen")),
        (date(2028, 7, 20), ("clinical_examination",)),
        (date(2029, 1, 20), ("clinical_examination",)),
        (date(2030, 1, 20), ("clinical_examination",)),
        (date(2031, 1, 20), ("clinical_examination",)),
    ]
    assert plan.ends_on == date(2031, 1, 20)


def test_every_melanoma_recommendation_is_a_recommendation_or_alert_with_a_source() -> None:
    for rec in decide(replace(IIIB, braf_v600=MutationStatus.WILD_TYPE)).recommendations:
        assert rec.kind in (Kind.RECOMMENDATION, Kind.ALERT) and rec.source
