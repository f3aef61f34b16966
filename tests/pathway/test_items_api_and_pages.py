"""The items on the API (fixed contract) and on the pages: status per recommendation, a clinician's POST (400 with
field errors for a deviation without reasons, 403 for roles that may not write clinical data), the centre's
deviation list with filters and CSV, and pages that open with the alerts and the open items."""

import csv
import datetime as dt
import io

import pytest
from django.utils import translation
from django.utils.text import Truncator
from rest_framework.test import APIClient

from tests.factories import TumourFactory
from zorgpad.accounts.people import person_name
from zorgpad.audit.models import AuditAction, AuditEvent
from zorgpad.pathway.models import PathwayItem
from zorgpad.pathway.presentation import CHOICE_LENGTH, recommendation_label
from zorgpad.pathway.services import pathway_item_set, pathway_items_sync
from zorgpad.patients.models import Margin

pytestmark = pytest.mark.django_db


@pytest.fixture
def tumour(clinician):
    # Resected (R0): routine follow-up, whose baseline-MRI window the centre has not decided (an alert).
    tumour = TumourFactory(margin=Margin.R0, date_of_surgery=dt.date(2025, 12, 1))
    pathway_items_sync(tumour=tumour, user=clinician)
    return tumour


def _url(tumour, code: str = "lms.mdo") -> str:
    return f"/api/v1/tumours/{tumour.external_id}/pathway/items/{code}/"


def test_recommendations_carry_status_reason_and_version(clinician_api: APIClient, tumour, clinician) -> None:
    pathway_item_set(tumour=tumour, code="lms.imaging.ct-thorax", user=clinician, status="deviated",
                     reason_code="patient_choice", reason="Wil geen CT.")
    recs = {r["code"]: r for r in clinician_api.get(f"/api/v1/tumours/{tumour.external_id}/pathway/").json()[
        "recommendations"]}
    assert {k: recs["lms.imaging.ct-thorax"][k] for k in ("status", "reason_code", "reason", "version")} == {
        "status": "deviated", "reason_code": "patient_choice", "reason": "Wil geen CT.", "version": "2026-03"}
    assert recs["lms.mdo"]["status"] == "open"
    alert = recs["centre.lms.followup.baseline-mri-window-months"]
    assert (alert["kind"], alert["status"], alert["version"]) == ("alert", None, "2026-03")


def test_post_marks_an_item_done_and_answers_with_the_item(clinician_api: APIClient, tumour) -> None:
    response = clinician_api.post(_url(tumour), {"status": "done"}, format="json")
    assert response.status_code == 200
    data = response.json()
    assert {k: data[k] for k in ("code", "pathway", "version", "status", "reason_code", "reason",
                                 "newer_version")} == {
        "code": "lms.mdo", "pathway": "lms", "version": "2026-03", "status": "done", "reason_code": "", "reason": "",
        "newer_version": None}
    assert PathwayItem.objects.get(tumour=tumour, code="lms.mdo").status == "done"


def test_post_deviation_without_reasons_is_400_with_field_errors_and_writes_nothing(clinician_api: APIClient,
                                                                                    tumour) -> None:
    before = AuditEvent.objects.count()
    response = clinician_api.post(_url(tumour), {"status": "deviated"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"reason_code", "reason"}
    response = clinician_api.post(_url(tumour), {"status": "finished"}, format="json")
    assert (response.status_code, set(response.json())) == (400, {"status"})
    assert PathwayItem.objects.get(tumour=tumour, code="lms.mdo").status == "open"
    assert AuditEvent.objects.count() == before


def test_post_deviation_with_reasons_is_audited(clinician_api: APIClient, tumour, clinician) -> None:
    response = clinician_api.post(_url(tumour), {"status": "deviated", "reason_code": "mdo_decision",
                                                 "reason": "MDO: eerst systemische therapie."}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["reason_code"]) == ("deviated", "mdo_decision")
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="pathway.pathwayitem")
    assert event.user == clinician and event.patient_external_id == tumour.patient.external_id


@pytest.mark.parametrize("role_api", ["secretary_api", "coordinator_api"])
def test_post_is_403_for_roles_that_may_not_write_clinical_data(request, role_api: str, tumour) -> None:
    api = request.getfixturevalue(role_api)
    response = api.post(_url(tumour), {"status": "done"}, format="json")
    assert response.status_code == 403
    assert PathwayItem.objects.get(tumour=tumour, code="lms.mdo").status == "open"


def test_post_for_a_code_the_tumour_has_no_item_for_is_404(clinician_api: APIClient, tumour) -> None:
    assert clinician_api.post(_url(tumour, "lms.systemic"), {"status": "done"}, format="json").status_code == 404


def test_deviation_list_api_filters_and_audits_each_patient_shown(clinician_api: APIClient, clinician) -> None:
    first, second = TumourFactory(), TumourFactory()
    for t in (first, second):
        pathway_items_sync(tumour=t, user=clinician)
    pathway_item_set(tumour=first, code="lms.mdo", user=clinician, status="deviated", reason_code="patient_choice",
                     reason="Wil niet.")
    pathway_item_set(tumour=second, code="lms.imaging.ct-thorax", user=clinician, status="deviated",
                     reason_code="contraindication", reason="Nierfunctie.")
    views_before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    data = clinician_api.get("/api/v1/deviations/").json()
    assert data["count"] == 2 and data["next"] is None
    assert [(d["code"], str(d["tumour"])) for d in data["results"]] == [
        ("lms.imaging.ct-thorax", str(second.external_id)), ("lms.mdo", str(first.external_id))]
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == views_before + 2
    data = clinician_api.get("/api/v1/deviations/", {"reason_code": "patient_choice", "pathway": "lms"}).json()
    assert [d["code"] for d in data["results"]] == ["lms.mdo"]
    assert clinician_api.get("/api/v1/deviations/", {"code": "lms.port"}).json()["results"] == []
    # A page at a time (50, the API's page size): a page that does not exist is a 404 and logs nobody.
    views_before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    assert clinician_api.get("/api/v1/deviations/", {"page": 2}).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == views_before
    bad = clinician_api.get("/api/v1/deviations/", {"since": "2026-12-01", "until": "2026-01-01"})
    assert (bad.status_code, set(bad.json())) == (400, {"until"})


def test_deviation_page_lists_and_exports_csv(clinician_client, clinician) -> None:
    tumour = TumourFactory()
    pathway_items_sync(tumour=tumour, user=clinician)
    pathway_item_set(tumour=tumour, code="lms.mdo", user=clinician, status="deviated", reason_code="other",
                     reason="Elders besproken.")
    page = clinician_client.get("/pathways/deviations/", {"reason_code": "other"}).content.decode()
    assert "Elders besproken." in page and tumour.patient.hospital_number in page
    assert "<td>Zorgpad cutaan en subcutaan leiomyosarcoom (2026-03)</td>" in page  # the title, not the id "lms"
    response = clinician_client.get("/pathways/deviations/", {"reason_code": "other", "format": "csv"})
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, patient_external_id=tumour.patient.external_id,
                                     detail__startswith="deviations (CSV)").count() == 1
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:6] == ["hospital_number", "patient", "tumour", "pathway", "version", "code"]
    assert [(r[0], r[5], r[6], r[7]) for r in rows[1:]] == [
        (tumour.patient.hospital_number, "lms.mdo", "other", "Elders besproken.")]
    empty = clinician_client.get("/pathways/deviations/", {"reason_code": "patient_choice", "format": "csv"})
    assert len(list(csv.reader(io.StringIO(empty.content.decode())))) == 1


def test_deviation_page_speaks_the_users_language_not_codes(clinician_client, clinician_api: APIClient,
                                                           clinician) -> None:
    """The recommendation is named by its words and the filters offer pathways by title and recommendations by
    their words; what is sent stays the id and the code, and an unknown one is refused with a field error."""
    tumour = TumourFactory()
    pathway_items_sync(tumour=tumour, user=clinician)
    pathway_item_set(tumour=tumour, code="lms.mdo", user=clinician, status="deviated", reason_code="other",
                     reason="Elders besproken.")
    with translation.override("nl"):
        words = recommendation_label("lms", "lms.mdo")
    page = clinician_client.get("/pathways/deviations/").content.decode()
    row = page.split('data-deviation="lms.mdo"')[1].split("</tr>")[0]
    assert words != "lms.mdo" and "MDO" in words and f"<td>{words}</td>" in row and ">lms.mdo<" not in row
    assert '<option value="lms">Zorgpad cutaan en subcutaan leiomyosarcoom</option>' in page
    shortened = Truncator(words).chars(CHOICE_LENGTH)  # the select shows the start of the words, the list all
    assert len(shortened) < len(words) and f'<option value="lms.mdo">{shortened}</option>' in page
    assert "<optgroup label=" in page
    assert "%(" not in page  # a parameter of a recommendation is an ellipsis here, not a placeholder
    assert clinician_client.get("/pathways/deviations/", {"code": "lms.nonsense"}).status_code == 400
    bad = clinician_api.get("/api/v1/deviations/", {"code": "lms.nonsense", "pathway": "nope"})
    assert (bad.status_code, set(bad.json())) == (400, {"code", "pathway"})


def test_deviation_page_shows_a_page_at_a_time_and_logs_only_that_page(clinician_client, clinician,
                                                                       monkeypatch) -> None:
    from zorgpad.pathway import selectors

    monkeypatch.setattr(selectors, "DEVIATIONS_PER_PAGE", 2)
    tumours = [TumourFactory() for _ in range(3)]
    for t in tumours:
        pathway_items_sync(tumour=t, user=clinician)
        pathway_item_set(tumour=t, code="lms.mdo", user=clinician, status="deviated", reason_code="other",
                         reason=f"Reden {t.patient.hospital_number}.")
    before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    first = clinician_client.get("/pathways/deviations/", {"reason_code": "other"}).content.decode()
    assert first.count("data-deviation=") == 2 and 'reason_code=other&amp;page=2" rel="next"' in first
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == before + 2
    second = clinician_client.get("/pathways/deviations/", {"reason_code": "other", "page": 2}).content.decode()
    assert second.count("data-deviation=") == 1 and f"Reden {tumours[0].patient.hospital_number}." in second
    csv_rows = clinician_client.get("/pathways/deviations/", {"reason_code": "other", "format": "csv"}).content
    assert len(list(csv.reader(io.StringIO(csv_rows.decode())))) == 1 + 3  # the export holds every page


def test_tumour_page_opens_with_alerts_then_open_items_with_their_actions(clinician_client, tumour) -> None:
    with translation.override("nl"):
        page = clinician_client.get(f"/tumours/{tumour.external_id}/").content.decode()
    assert 'data-item="lms.mdo"' in page and "Open zorgpaditems" in page
    assert f'action="/tumours/{tumour.external_id}/pathway/items/lms.mdo/"' in page
    assert 'name="csrfmiddlewaretoken"' in page and "Afwijking vastleggen" in page
    assert page.index('data-item="lms.mdo"') < page.index("Tumorgegevens")


def test_patient_page_lists_open_items_and_deviations(clinician_client, tumour, clinician) -> None:
    pathway_item_set(tumour=tumour, code="lms.imaging.ct-thorax", user=clinician, status="deviated",
                     reason_code="patient_choice", reason="Wil geen CT.")
    page = clinician_client.get(f"/patients/{tumour.patient.external_id}/").content.decode()
    assert 'data-item="lms.mdo"' in page and 'data-item="lms.imaging.ct-thorax"' not in page
    assert 'data-deviation="lms.imaging.ct-thorax"' in page and "Wil geen CT." in page


def test_a_deviation_recorded_without_a_user_is_shown_with_a_dash_not_a_server_error(clinician_client, tumour,
                                                                                      clinician) -> None:
    """A deviation recorded by the system (an EHR's feedback, an import) has no user: the page names nobody, and
    the name of the one who did record one comes from the one place that names users."""
    pathway_item_set(tumour=tumour, code="lms.imaging.ct-thorax", user=clinician, status="deviated",
                     reason_code="patient_choice", reason="Wil geen CT.")
    PathwayItem.objects.filter(tumour=tumour, code="lms.imaging.ct-thorax").update(changed_by=None)
    response = clinician_client.get(f"/patients/{tumour.patient.external_id}/")
    assert response.status_code == 200
    deviation = response.content.decode().split('data-deviation="lms.imaging.ct-thorax"')[1].split("</li>")[0]
    assert "Wil geen CT." in deviation and "—, " in deviation
    assert person_name(None) == "" and person_name(clinician) == (clinician.get_full_name() or clinician.username)


def test_secretary_sees_the_items_but_no_actions(secretary_client, tumour) -> None:
    page = secretary_client.get(f"/tumours/{tumour.external_id}/").content.decode()
    assert 'data-item="lms.mdo"' in page and "/pathway/items/" not in page


def test_page_post_deviation_without_reason_writes_nothing(clinician_client, tumour) -> None:
    response = clinician_client.post(f"/tumours/{tumour.external_id}/pathway/items/lms.mdo/",
                                     {"status": "deviated", "reason_code": "other", "reason": ""})
    assert response.status_code == 302
    assert PathwayItem.objects.get(tumour=tumour, code="lms.mdo").status == "open"
    response = clinician_client.post(f"/tumours/{tumour.external_id}/pathway/items/lms.mdo/",
                                     {"status": "deviated", "reason_code": "other", "reason": "Elders.",
                                      "next": "https://evil.example/"})
    assert response["Location"] == f"/tumours/{tumour.external_id}/"
    assert PathwayItem.objects.get(tumour=tumour, code="lms.mdo").status == "deviated"


def test_centre_decision_page_records_with_permission_only(clinician_client, admin_client_) -> None:
    from zorgpad.pathway.models import CentreDecision
    from zorgpad.pathways.lms_2026_03.definition import BASELINE_MRI_WINDOW

    assert clinician_client.get("/pathways/centre-decisions/").status_code == 200
    data = {"key": BASELINE_MRI_WINDOW, "value": "3", "basis": "Werkgroep"}
    assert clinician_client.post("/pathways/centre-decisions/", data).status_code == 403
    assert admin_client_.post("/pathways/centre-decisions/", {**data, "basis": ""}).status_code == 400
    assert CentreDecision.objects.count() == 0
    assert admin_client_.post("/pathways/centre-decisions/", data).status_code == 302
    assert CentreDecision.objects.get().value == "3"
