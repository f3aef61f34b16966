"""The patient page's follow-up timeline: its narrow read and the dots tag that replaced the template loop."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from followup import selectors, services
from followup.models import Visit, VisitKind, VisitStatus
from followup.templatetags.followup_tags import timeline_dots
from tests.followup.factories import lms_tumour
from zorgpad.patients.selectors import patient_get

# The markup the tag replaced (followup/_timeline.html before), kept here as the tag's specification.
DOTS_MARKUP = (
    "{% for dot in tl.dots %}<g class=\"fu-dot fu-{{ dot.visit.status }}\"><title>{{ dot.visit.get_kind_display }} "
    "{{ dot.label }}: {{ dot.visit.get_status_display }}</title>\n"
    "    <circle cx=\"{{ dot.x|stringformat:'s' }}\" cy=\"30\" r=\"{% if dot.visit.kind == 'baseline' %}9{% else %}7"
    "{% endif %}\" fill=\"{{ dot.colour }}\" stroke=\"#0b5c8a\" stroke-width=\"2\"/>\n"
    "    {% if forloop.first or forloop.last or dot.visit.kind == 'baseline' %}<text x=\"{{ dot.x|stringformat:'s' }}\""
    " y=\"58\" font-size=\"10\" text-anchor=\"middle\" fill=\"#5b6775\">{{ dot.label }}</text>{% endif %}</g>"
    "{% endfor %}"
)


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


@pytest.mark.parametrize("language", ["nl", "en"])
def test_timeline_dots_render_what_the_template_markup_rendered(language: str) -> None:
    dots = _dots()
    with translation.override(language):
        expected = Template(DOTS_MARKUP).render(Context({"tl": {"dots": dots}}))
        assert timeline_dots(dots) == expected
    # First, last and the baseline visit carry a date label; the others only a title.
    assert expected.count("<text ") == 3
    assert 'r="9"' in expected and expected.count('r="7"') == 4
    assert "&lt;b&gt;" in expected and "<b>" not in expected


def test_timeline_dots_of_no_visits_render_nothing() -> None:
    assert timeline_dots([]) == ""


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
        html = timeline_dots(timeline.dots)
    assert len(timeline.dots) == plans[0].visits.count() > 5
    assert 'class="fu-dot fu-planned"' in html
    assert "items" in plans[0].visits.all()[0].get_deferred_fields()
