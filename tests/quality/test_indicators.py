"""One test per indicator, numerator and denominator counted by hand on tests/quality/dataset.py."""

import datetime as dt

import pytest

from quality.indicators import compute
from tests.quality.dataset import START, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(data):
    return {i.code: i for i in compute(pathway_id="lms", start=START, end=TODAY, today=TODAY)}


def nd(indicator):
    return indicator.numerator, indicator.denominator


def test_mdo_before_treatment_excludes_the_dermis_only_tumour_and_the_untreated_deceased(figures):
    # T1 discussed 27-03 before surgery 10-04; T2 discussed 24-07 after radiotherapy 20-07; T3 (dermis only) has
    # no MDO item; T4 (deceased) never treated.
    assert nd(figures["mdo_before_treatment"]) == (1, 2)
    assert figures["mdo_before_treatment"].value == 0.5


def test_mdo_quorum_counts_held_sessions_not_cancelled_or_future(figures):
    assert nd(figures["mdo_quorum"]) == (1, 2)


def test_wait_first_visit_a_deviation_with_a_reason_is_accounted_for(figures):
    # 7, 21 (deviation recorded), 4, 7 days against 2 weeks: 4 of 4, one accounted for.
    ind = figures["wait_first_visit"]
    assert nd(ind) == (4, 4)
    assert ind.accounted == 1
    assert ind.norm == {"value": 2, "unit": "weeks"}
    assert figures["wait_first_visit_median"].value == 7.0
    assert figures["wait_first_visit_p90"].value == 16.8  # 7 + 0.7 * (21 - 7)
    assert figures["wait_first_visit_p90"].status == "late"  # 16.8 days > 14


def test_wait_diagnosis(figures):
    # 11, 32, 5, 10 days against 3 weeks (21): 3 of 4.
    assert nd(figures["wait_diagnosis"]) == (3, 4)
    assert figures["wait_diagnosis_median"].value == 10.5
    assert figures["wait_diagnosis"].status == "late"


def test_wait_treatment_the_deceased_untreated_patient_is_not_counted(figures):
    # 32, 56, 15 days against 6 weeks (42): 2 of 3; T4 has no treatment.
    assert nd(figures["wait_treatment"]) == (2, 3)
    assert figures["wait_treatment_median"].value == 32.0


def test_followup_in_window(figures):
    # Done 15-07 within 12-06..07-08; done 13-11 after 06-11; the open visits do not count.
    assert nd(figures["followup_in_window"]) == (1, 2)


def test_items_done_deviated_open_deceased_not_applicable_excluded(figures):
    # 7 items (the deceased patient's two are not applicable): 4 done, 1 deviated, 1 open after 30 days
    # (created 10-06; the one created 10-11 is younger).
    assert nd(figures["items_done"]) == (4, 7)
    assert nd(figures["items_deviated"]) == (1, 7)
    assert figures["items_deviated"].breakdown == [("patient_choice", 1)]
    assert nd(figures["items_open"]) == (1, 7)


def test_referral_to_triage(figures):
    # Triaged 03-03 (due 04-03), 08-05 (due 06-05), 04-11 (due 04-11): 2 of 3; 1, 4 and 2 days.
    assert nd(figures["referral_to_triage"]) == (2, 3)
    assert figures["referral_to_triage_median"].value == 2.0


def test_print_run_created_to_printed(figures):
    assert nd(figures["print_run_printed"]) == (1, 2)
    assert figures["print_run_median"].value == 4.0  # hours


def test_without_recorded_norms_no_waiting_status(data):
    from zorgpad.pathway.models import CentreDecision

    CentreDecision.objects.filter(key__startswith="waiting.").delete()
    figures = {i.code: i for i in compute(pathway_id="lms", start=START, end=TODAY, today=TODAY)}
    assert figures["wait_first_visit"].norm is None
    assert figures["wait_first_visit"].status == "not_applicable"
    assert figures["wait_first_visit"].numerator == 1  # only the accounted one: no norm, nobody "within" it


def test_a_period_outside_the_data_is_empty(data):
    figures = compute(pathway_id="lms", start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31), today=TODAY)
    assert all(i.denominator == 0 for i in figures)
