"""The patient page's follow-up timeline: its narrow read and its drawing (followup/_timeline.html)."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from followup import selectors, services
from followup.models import Visit, VisitKind, VisitStatus
from tests.followup.factories import lms_tumour
from zorgpad.patients.selectors import patient_get


def _render(dots: list[selectors.TimelineDot]) -> str:
    return render_to_string("followup/_timeline.html", {"tl": {"dots": dots, "anchor_x": None, "today_x": None}})


def _dots() -> list[selectors.TimelineDot]:
    visits = [
        (VisitKind.ROUTINE, VisitStatus.DONE, 20.0),
        (VisitKind.BASELINE, VisitStatus.MISSED, 140.5),
        (VisitKind.ROUTINE, VisitStatus.PLANNED, 500.3),
        (VisitKind.EXTRA, VisitStatus.BOOKED, 720.0),
        (VisitKind.ROUTINE, VisitStatus.CANCELLED, 980.0),
    ]
    return [selectors.TimelineDot(x, Visit(kind=kind, status=status), f"0{n}-05-2027 <b>",
                                  selectors.STATUS_COLOURS[status]) for n, (kind, status, x) in enumerate(visits)]


@pytest.mark.parametrize(("language", "planned"), [("nl", "gepland"), ("en", "planned")])
def test_timeline_draws_each_visit_with_its_kind_status_and_escaped_label(language: str, planned: str) -> None:
    with translation.override(language):
        html = _render(_dots())
    assert html.count('<g class="fu-dot ') == 5
    assert 'class="fu-dot fu-planned"' in html and f": {planned}</title>" in html
    # First, last and the baseline visit carry a date label; the others only a title.
    assert html.count('<text x=') == 3
    assert 'r="9"' in html and html.count('r="7"') == 4
    assert 'cx="140.5"' in html  # positions as numbers, never localised (140,5 would break the SVG)
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_timeline_of_no_visits_draws_no_dot() -> None:
    assert "fu-dot" not in _render([])


@pytest.mark.django_db
def test_patient_page_plans_reuse_the_prefetched_tumours_and_read_two_narrow_queries(
        clinician, django_assert_num_queries) -> None:
    tumour = lms_tumour()
    services.followup_plan_build(tumour=tumour, user=clinician)
    patient = patient_get(external_id=tumour.patient.external_id, user=clinician)
    prefetched = patient.tumours.all()[0]
    with django_assert_num_queries(2):  # plans (with their template), visits
        plans = selectors.patient_page_plans(patient=patient)
        assert plans[0].tumour is prefetched
        timeline = selectors.plan_timeline(plan=plans[0], today=dt.date(2026, 6, 1))
        html = _render(timeline.dots)
    assert len(timeline.dots) == plans[0].visits.count() > 5
    assert 'class="fu-dot fu-planned"' in html
    assert "items" in plans[0].visits.all()[0].get_deferred_fields()
