"""The triage table of the care pathway ("Verwijzing en triage"), row by row."""

import pytest

from zorgpad.pathways.lms_2026_03 import sources
from zorgpad.pathways.lms_2026_03.triage import (
    DESTINATION_TABLE,
    AdviceCode,
    AdviceKind,
    Destination,
    Phase,
    TertiaryRoute,
    TriageInput,
    advise,
)

REFERRAL = "Verwijzing en triage"


@pytest.mark.parametrize(
    ("phase", "route", "destination", "quote_start"),
    [
        pytest.param(Phase.SUSPICIOUS_LESION, None, Destination.DERMATOLOGY_CLINIC,
                     "Patiënten met een voor maligniteit verdachte huidlaesie",
                     id="row 1: suspicious skin lesion -> dermatology outpatient clinic"),
        pytest.param(Phase.SARCOMA, None, Destination.SURGICAL_ONCOLOGY_CLINIC,
                     "Patiënten met een (verdenking) sarcoom",
                     id="row 2: (suspected) sarcoma -> surgical oncology outpatient clinic"),
        pytest.param(Phase.TERTIARY, TertiaryRoute.DIRECT_SURGERY, Destination.DERMATO_ONCOLOGIST_MOHS,
                     "Directe chirurgische behandeling (meestal Mohs chirurgie)",
                     id="tertiary a: direct surgery (Mohs) -> dermato-oncologist, plan Mohs directly"),
        pytest.param(Phase.TERTIARY, TertiaryRoute.DERMATOLOGY_TAKEOVER, Destination.DERMATO_ONCOLOGY_CONSULTATION,
                     "Overname diagnostiek en behandeling door de dermatologie",
                     id="tertiary b: take-over by dermatology -> dermato-oncology consultation"),
        pytest.param(Phase.TERTIARY, TertiaryRoute.MEDICAL_ONCOLOGY_TAKEOVER, Destination.MEDICAL_ONCOLOGY_CLINIC,
                     "Overname diagnostiek en behandeling door de medisch oncoloog",
                     id="tertiary c1: take-over by medical oncology -> medical oncology clinic"),
        pytest.param(Phase.TERTIARY, TertiaryRoute.SURGICAL_ONCOLOGY_TAKEOVER, Destination.SURGICAL_ONCOLOGY_CLINIC,
                     "Overname diagnostiek en behandeling door de medisch oncoloog of oncologische chirurgie",
                     id="tertiary c2: take-over by surgical oncology -> surgical oncology clinic"),
    ],
)
def test_destination_row(phase, route, destination, quote_start) -> None:
    advice = advise(TriageInput(phase=phase, tertiary_route=route, external_biopsy=False))
    assert advice.destination is destination
    assert advice.missing == ()
    (item,) = advice.of_kind(AdviceKind.DESTINATION)
    assert item.code == AdviceCode(destination.value)
    assert item.source.section == REFERRAL
    assert item.source.quote.startswith(quote_start)
    assert advice.of_kind(AdviceKind.PATHOLOGY) == ()


def test_every_table_row_is_tested_above() -> None:
    assert len(DESTINATION_TABLE) == 6


def test_dermatology_takeover_mentions_joint_consultation_in_its_source() -> None:
    advice = advise(TriageInput(Phase.TERTIARY, TertiaryRoute.DERMATOLOGY_TAKEOVER, False))
    assert "gezamenlijk met de oncologisch chirurg, plastisch chirurg of hoofdhals chirurg" in (
        advice.of_kind(AdviceKind.DESTINATION)[0].source.quote)


def test_acceptance_sarcoma_with_external_biopsy_goes_to_surgical_oncology_with_revision() -> None:
    advice = advise(TriageInput(phase=Phase.SARCOMA, external_biopsy=True))
    assert advice.destination is Destination.SURGICAL_ONCOLOGY_CLINIC
    destination, revision = advice.of_kind(AdviceKind.DESTINATION)[0], advice.of_kind(AdviceKind.PATHOLOGY)[0]
    assert destination.source.section == "Verwijzing en triage"
    assert revision.code is AdviceCode.REQUEST_REVISION
    assert revision.source.section == "Subcutaan leiomyosarcoom › Diagnostiek"  # noqa: RUF001
    assert revision.source.quote == (
        "Indien elders een (huid)biopsie is afgenomen zal deze opgevraagd worden ter revisie in het Erasmus MC.")
    assert all(item.source.document == sources.PATHWAY for item in advice.items)
    assert advice.complete


@pytest.mark.parametrize(
    ("external_biopsy", "codes", "missing"),
    [
        pytest.param(True, [AdviceCode.REQUEST_REVISION], (), id="biopsy elsewhere -> request revision"),
        pytest.param(False, [], (), id="no biopsy elsewhere -> no revision item"),
        pytest.param(None, [AdviceCode.ASK_EXTERNAL_BIOPSY], ("external_biopsy",),
                     id="unknown -> ask the referrer, input named as missing"),
    ],
)
@pytest.mark.parametrize("phase", [Phase.SUSPICIOUS_LESION, Phase.SARCOMA])
def test_external_biopsy_revision(phase, external_biopsy, codes, missing) -> None:
    advice = advise(TriageInput(phase=phase, external_biopsy=external_biopsy))
    assert [item.code for item in advice.of_kind(AdviceKind.PATHOLOGY)] == codes
    assert advice.missing == missing
    assert advice.destination is not None  # the destination does not depend on it


def test_first_visit_checklist_reminders_are_given_with_their_sources() -> None:
    advice = advise(TriageInput(phase=Phase.SUSPICIOUS_LESION, external_biopsy=False))
    first_visit = advice.of_kind(AdviceKind.FIRST_VISIT)
    assert [item.code for item in first_visit] == [
        AdviceCode.RISK_PROFILE, AdviceCode.TOTAL_BODY_SKIN_EXAMINATION, AdviceCode.PHOTOS_IN_EPD,
        AdviceCode.DIAGNOSTIC_BIOPSY_IF_NEEDED, AdviceCode.LYMPH_NODE_PALPATION, AdviceCode.RESULT_CONVERSATION,
        AdviceCode.HIGH_RISK_FOLLOW_UP,
    ]
    assert all(item.source.section == REFERRAL for item in first_visit)
    assert first_visit[0].source.quote.startswith("Het risicoprofiel van de patiënt wordt in kaart gebracht")
    assert "totale lichaamsinspectie" in first_visit[1].source.quote
    assert "na circa twee weken" in first_visit[5].source.quote


@pytest.mark.parametrize(
    ("data", "missing"),
    [
        pytest.param(TriageInput(phase=None, external_biopsy=False), ("phase",), id="phase missing"),
        pytest.param(TriageInput(phase=Phase.TERTIARY, external_biopsy=False), ("tertiary_route",),
                     id="tertiary without route"),
        pytest.param(TriageInput(phase=Phase.TERTIARY), ("tertiary_route", "external_biopsy"),
                     id="tertiary without route, biopsy unknown"),
    ],
)
def test_missing_inputs_give_unknown_destination_and_are_named(data, missing) -> None:
    advice = advise(data)
    assert advice.destination is None
    assert advice.missing == missing
    assert not advice.complete
    (item,) = advice.of_kind(AdviceKind.DESTINATION)
    assert item.code is AdviceCode.DESTINATION_UNKNOWN


@pytest.mark.parametrize("phase", [Phase.SUSPICIOUS_LESION, Phase.SARCOMA, None])
def test_route_for_non_tertiary_referral_is_refused(phase) -> None:
    with pytest.raises(ValueError, match="tertiary"):
        advise(TriageInput(phase=phase, tertiary_route=TertiaryRoute.DIRECT_SURGERY))
