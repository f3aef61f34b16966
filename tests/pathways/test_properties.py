"""Invariants of the one decision, over generated patients and tumours (hypothesis)."""

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from followup.rules import schedule
from staging import calculators
from zorgpad.pathways import case_report, registry
from zorgpad.pathways.facts import Measurement, PatientFacts, TumourFacts
from zorgpad.pathways.readiness import Imaging, Item, ItemState, ReadinessInput, readiness
from zorgpad.pathways.vocabulary import (
    STS_GRADES,
    STS_M_CATEGORIES,
    STS_N_CATEGORIES,
    BodySiteRegion,
    Branch,
    Depth,
    Diagnosis,
    FollowupDecision,
    Margin,
    MarkerUnit,
    metastatic,
    node_positive,
)

TODAY = date(2026, 11, 30)
SPEC = schedule.PlanTemplateSpec(6, 60, ("clinical_examination",), (schedule.BaselineItemSpec("mri", 3),))


def optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.none() | strategy


tumours = st.builds(
    TumourFacts,
    diagnosis=st.sampled_from(list(Diagnosis)),
    depth=optional(st.sampled_from(list(Depth))),
    size_cm=optional(st.decimals(min_value=Decimal("0.1"), max_value=Decimal("30"), places=1)),
    grade=optional(st.sampled_from(STS_GRADES)),
    n=optional(st.sampled_from(STS_N_CATEGORIES)),
    m=optional(st.sampled_from(STS_M_CATEGORIES)),
    margin=optional(st.sampled_from(list(Margin))),
    operable=optional(st.booleans()),
    external_biopsy_unrevised=st.booleans(),
    body_site_region=optional(st.sampled_from(list(BodySiteRegion))),
    invasion_adjoining_structures=optional(st.booleans()),
)
measurements = st.builds(
    Measurement,
    day=st.dates(min_value=date(2024, 1, 1), max_value=TODAY),
    value=st.decimals(min_value=Decimal("0"), max_value=Decimal("500"), places=2),
    unit=optional(st.sampled_from(list(MarkerUnit))),
    upper_limit=optional(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("200"), places=2)),
)
patients = st.builds(
    PatientFacts,
    immunosuppressed=st.booleans(),
    multiple_leiomyomas=st.booleans(),
    other_malignancies=st.integers(min_value=0, max_value=3),
    systemic_sclerosis=st.booleans(),
    possible_ssc=st.booleans(),
    autoimmune_disease=st.booleans(),
    anti_rna_polymerase_iii=st.booleans(),
    s100b=st.lists(measurements, max_size=4).map(tuple),
    high_risk=optional(st.booleans()),
)
days = st.dates(min_value=date(2026, 3, 1), max_value=date(2030, 12, 31))


@settings(max_examples=200, deadline=None)
@given(patient=patients, tumour=tumours, today=days, classification=st.sampled_from(["clinical", "pathological"]))
def test_invariant_staging_not_applicable_means_no_stage_group(patient: PatientFacts, tumour: TumourFacts,
                                                               today: date, classification: str) -> None:
    decision = registry.decide(patient, tumour, today)
    evaluation = calculators.pathway_evaluate(patient=patient, tumour=tumour, today=today,
                                              classification=classification)
    if not decision.staging.applicable:
        assert evaluation.stage is None
    if evaluation.stage is not None and evaluation.stage.stage is not None:
        assert decision.staging.applicable and decision.staging.system is not None


@settings(max_examples=200, deadline=None)
@given(patient=patients, tumour=tumours, today=days, explicit=st.booleans())
def test_invariant_follow_up(patient: PatientFacts, tumour: TumourFacts, today: date, explicit: bool) -> None:
    decision = registry.decide(patient, tumour, today)
    followup = decision.followup
    if metastatic(tumour.m):
        assert followup.decision is not FollowupDecision.ROUTINE
    if followup.decision is FollowupDecision.NO_ROUTINE:
        assert decision.branch is Branch.CUTANEOUS
        assert tumour.margin is Margin.R0
        assert not node_positive(tumour.n) and not metastatic(tumour.m)
    # The plan builder acts on exactly this decision: a routine plan only when the pathway (or, outside the
    # pathways, a clinician's explicit template) says so, never with M1.
    built = schedule.decide(schedule.PlanInputs(followup=followup, date_of_surgery=date(2026, 1, 15),
                                                explicit_template=explicit), SPEC)
    if built.outcome is schedule.Outcome.ROUTINE:
        assert not metastatic(tumour.m)
        assert followup.decision is FollowupDecision.ROUTINE or (
            explicit and decision.branch is Branch.NOT_IN_PATHWAY)
    if built.outcome is schedule.Outcome.NO_ROUTINE:
        assert decision.branch is Branch.CUTANEOUS


@settings(max_examples=200, deadline=None)
@given(patient=patients, tumour=tumours, today=days)
def test_invariant_one_branch_for_advice_follow_up_and_readiness(patient: PatientFacts, tumour: TumourFacts,
                                                                 today: date) -> None:
    decision = registry.decide(patient, tumour, today)
    assert decision.branch is registry.branch(tumour, today)
    assert decision.followup == registry.followup_advice(patient, tumour, today)
    assert decision.staging == registry.staging_applicability(tumour, today)
    state = readiness(ReadinessInput(pathology_source="own", revision_status="not_needed", imaging=Imaging.PENDING,
                                     stage_recorded=False, imaging_needed=decision.imaging_needed,
                                     staging_applicable=decision.staging.applicable))
    imaging = next(i for i in state.items if i.item is Item.IMAGING)
    # Melanoma: the MDO checklist is stage, BRAF (stage III/IV) and pathology (imaging at diagnosis is the centre's).
    assert (imaging.state is ItemState.NOT_NEEDED) == (decision.branch in (Branch.CUTANEOUS, Branch.MELANOMA))
    stage = next(i for i in state.items if i.item is Item.STAGE)
    assert (stage.state is ItemState.NOT_NEEDED) == (not decision.staging.applicable)


@settings(max_examples=200, deadline=None)
@given(patient=patients, tumour=tumours, today=days)
def test_invariant_every_recommendation_cites_its_pathway_or_the_case_report(patient: PatientFacts,
                                                                           tumour: TumourFacts, today: date) -> None:
    decision = registry.decide(patient, tumour, today)
    sections = set(case_report.SOURCES) | set(case_report.DEFINITIONS[c].source for c in case_report.DEFINITIONS)
    if decision.pathway is not None:
        sections |= set(decision.pathway.sections.values())
    for rec in decision.recommendations:
        assert rec.source in sections, (rec.code, rec.source)
