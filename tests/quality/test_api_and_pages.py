"""The indicators API (shape, roles, bad input) and the pages: worklist, indicators with charts, rows, CSV, PDF."""

import io

import pytest
from django.urls import reverse

from tests.quality.dataset import START, TODAY

pytestmark = pytest.mark.django_db
Q = f"from={START:%Y-%m-%d}&to={TODAY:%Y-%m-%d}&pathway=lms"


def test_indicators_api_shape(data, clinician_api):
    response = clinician_api.get(f"/api/v1/indicators/?{Q}")
    assert response.status_code == 200
    rows = response.json()
    assert all(set(r) == {"code", "title", "numerator", "denominator", "value", "norm", "status"} for r in rows)
    by_code = {r["code"]: r for r in rows}
    assert (by_code["wait_treatment"]["numerator"], by_code["wait_treatment"]["denominator"]) == (2, 3)
    assert by_code["wait_treatment"]["norm"] == {"value": 6, "unit": "weeks"}


@pytest.mark.parametrize("query, field", [
    ("from=2026-13-01&to=2026-11-23", "from"), ("from=2026-11-30&to=2026-11-01", "from"),
    ("pathway=nope", "pathway"), ("from=2020-01-01&to=2026-01-01", "from"),
])
def test_indicators_api_bad_input_is_400_with_field_errors(data, clinician_api, query, field):
    response = clinician_api.get(f"/api/v1/indicators/?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_roles_secretary_sees_the_worklist_not_the_indicators(data, secretary_client, secretary_api,
                                                              coordinator_client):
    assert secretary_api.get(f"/api/v1/indicators/?{Q}").status_code == 403
    assert secretary_client.get(reverse("quality:indicators")).status_code == 403
    assert secretary_client.get(reverse("quality:worklist")).status_code == 200
    assert coordinator_client.get(reverse("quality:indicators")).status_code == 200


def test_worklist_page_links_to_the_patient(data, clinician_client):
    page = clinician_client.get(reverse("quality:worklist")).content.decode()
    assert reverse("patients:detail", args=[data.patients[4].external_id]) in page
    assert "Casus4" not in page  # deceased


@pytest.mark.parametrize(("client_fixture", "start_page"), [
    ("clinician_client", "today:clinician"), ("coordinator_client", "today:coordinator"),
    ("secretary_client", "today:secretary")])
def test_start_pages_carry_the_waiting_time_worklist_audited_with_the_page(data, request, client_fixture,
                                                                          start_page):
    """Issue 17 item 3: patients at risk or late on each role's start page, one click to the patient, logged in
    the start page's own single audit entry per patient."""
    from zorgpad.audit.models import AuditEvent

    page = request.getfixturevalue(client_fixture).get(reverse(start_page)).content.decode()
    assert 'id="waiting-worklist"' in page
    assert reverse("patients:detail", args=[data.patients[4].external_id]) in page
    assert "Casus4" not in page  # deceased
    logged = AuditEvent.objects.filter(action="list", patient_external_id=data.patients[4].external_id)
    assert [e.detail for e in logged] == [e.detail for e in logged if e.detail.startswith("start page")] != []


def test_indicators_page_has_accessible_charts_and_links(data, clinician_client):
    response = clinician_client.get(f"{reverse('quality:indicators')}?{Q}")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('role="img"') >= 10  # trends and distributions
    assert "<title id=\"chart-trend-wait_treatment-title\">" in page
    assert reverse("quality:indicator-csv", args=["wait_treatment"]) in page


TUMOUR_FAMILIES = ("mdo_before_treatment", "wait_diagnosis", "wait_treatment")


def test_indicators_page_queries_constant(data, clinician_client, clinician_api, django_assert_max_num_queries):
    """The data doubles (the tumour families' episodes, starts of treatment and MDO discussions too): the page and
    the API run no more queries."""
    from tests.quality.dataset import build

    url = f"{reverse('quality:indicators')}?{Q}"
    with django_assert_max_num_queries(80) as small:
        clinician_client.get(url)
    with django_assert_max_num_queries(40) as small_api:
        before = {r["code"]: r["denominator"] for r in clinician_api.get(f"/api/v1/indicators/?{Q}").json()}
    build(session_shift_days=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        clinician_client.get(url)
    with django_assert_max_num_queries(len(small_api.captured_queries)):
        after = {r["code"]: r["denominator"] for r in clinician_api.get(f"/api/v1/indicators/?{Q}").json()}
    assert {code: after[code] for code in TUMOUR_FAMILIES} == {code: 2 * before[code] for code in TUMOUR_FAMILIES}


def test_rows_behind_an_indicator_and_csv(data, clinician_client):
    page = clinician_client.get(f"{reverse('quality:indicator-rows', args=['wait_diagnosis'])}?{Q}")
    assert page.status_code == 200
    assert reverse("patients:detail", args=[data.patients[1].external_id]) in page.content.decode()
    csv = clinician_client.get(f"{reverse('quality:indicator-csv', args=['wait_diagnosis'])}?{Q}")
    lines = csv.content.decode().strip().splitlines()
    assert lines[0].startswith("hospital_number;")
    assert len(lines) == 1 + 4
    assert sum(line.split(";")[5] == "1" for line in lines[1:]) == 3
    sessions = clinician_client.get(f"{reverse('quality:indicator-rows', args=['mdo_quorum'])}?{Q}")
    assert sessions.status_code == 200
    assert clinician_client.get(reverse("quality:indicator-rows", args=["nope"])).status_code == 404


def test_pdf_report_holds_the_charts(data, clinician_client):
    from pypdf import PdfReader

    response = clinician_client.get(f"{reverse('quality:indicators-pdf')}?{Q}")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) >= 3
    assert "Verwijzing tot eerste bezoek" in text or "Referral to first visit" in text


def test_centre_decisions_page_offers_norm_suggestions_with_sources(data, admin_client_):
    page = admin_client_.get(reverse("pathway:centre-decisions")).content.decode()
    assert "waiting.lms.first_visit" in page
    assert "SONCOS" in page and "Treeknormen" in page


def test_lists_of_patients_are_audited(data, clinician_client):
    from zorgpad.audit.models import AuditEvent

    clinician_client.get(reverse("quality:worklist"))
    listed = set(AuditEvent.objects.filter(action="list", detail="waiting-time worklist")
                 .values_list("patient_external_id", flat=True))
    assert listed == {data.patients[i].external_id for i in (2, 4, 5)}
    clinician_client.get(f"{reverse('quality:indicator-rows', args=['wait_treatment'])}?{Q}")
    rows = set(AuditEvent.objects.filter(action="list", detail__startswith="indicator wait_treatment")
               .values_list("patient_external_id", flat=True))
    assert rows == {data.patients[i].external_id for i in (0, 1, 2)}
    clinician_client.get(f"{reverse('quality:indicator-csv', args=['wait_treatment'])}?{Q}")
    assert AuditEvent.objects.filter(action="export", detail__startswith="indicator wait_treatment CSV").count() == 3


@pytest.mark.parametrize(("norm", "language", "text"), [
    ({"value": 1, "unit": "weeks"}, "nl", "1 week"), ({"value": 3, "unit": "weeks"}, "nl", "3 weken"),
    ({"value": 1, "unit": "working_days"}, "nl", "1 werkdag"), ({"value": 10, "unit": "working_days"}, "nl",
                                                                  "10 werkdagen"),
    ({"value": 1, "unit": "calendar_days"}, "en", "1 calendar day"), ({"value": 2, "unit": "weeks"}, "en", "2 weeks"),
])
def test_a_norm_is_written_in_the_number_its_value_asks_for(norm, language, text) -> None:
    """"1 weken" read wrong on the indicators page: the unit follows the value."""
    from django.utils import translation

    from quality.rules.norms import Norm, Unit
    from quality.templatetags.quality_tags import norm_text

    with translation.override(language):
        assert norm_text(norm) == text
        assert norm_text(Norm(norm["value"], Unit(norm["unit"]))) == text
