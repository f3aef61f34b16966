import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from followup import letter_services, reminder_services, services
from followup.models import FollowUpPlan, Letter, PrintJob, Visit
from tests.followup.factories import PatientFactory, cutaneous_tumour, lms_tumour
from zorgpad.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _plan(clinician, **kwargs):  # type: ignore[no-untyped-def]
    return services.followup_plan_build(tumour=lms_tumour(**kwargs), user=clinician)


def test_clinician_builds_a_plan_from_the_patient_page(clinician, clinician_client) -> None:
    tumour = lms_tumour()
    page = clinician_client.get(reverse("patients:detail", args=[tumour.patient.external_id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Follow-upplan maken" in html  # Dutch by default
    response = clinician_client.post(reverse("followup:plan-build"), {"tumour": str(tumour.external_id)})
    plan = FollowUpPlan.objects.get(tumour=tumour)
    assert response.status_code == 302 and response["Location"] == reverse("followup:plan-detail",
                                                                            args=[plan.external_id])
    detail = clinician_client.get(response["Location"]).content.decode()
    assert "15-01-2031" in detail and "Routinematige follow-up tot 15-01-2031" in detail


def test_refused_build_shows_the_reason_and_writes_nothing(clinician, clinician_client) -> None:
    tumour = lms_tumour(date_of_surgery=None)
    response = clinician_client.post(reverse("followup:plan-build"), {"tumour": str(tumour.external_id)},
                                     follow=True)
    assert "De operatiedatum ontbreekt" in response.content.decode()
    assert "Ontbreekt: operatiedatum" in response.content.decode()
    assert FollowUpPlan.objects.count() == 0


@pytest.mark.parametrize("client_fixture", ["secretary_client", "coordinator_client"])
def test_only_clinicians_build_plans(request, client_fixture: str) -> None:
    tumour = lms_tumour()
    client: Client = request.getfixturevalue(client_fixture)
    response = client.post(reverse("followup:plan-build"), {"tumour": str(tumour.external_id)})
    assert response.status_code == 403
    assert FollowUpPlan.objects.count() == 0


def test_patient_page_panel_runs_constant_queries(clinician, clinician_client,
                                                  django_assert_max_num_queries) -> None:
    patient = PatientFactory()
    _plan(clinician, patient=patient)
    url = reverse("patients:detail", args=[patient.external_id])
    with django_assert_max_num_queries(40) as one:
        assert clinician_client.get(url).status_code == 200
    for _ in range(3):
        _plan(clinician, patient=patient)
    services.followup_plan_build(tumour=cutaneous_tumour(patient=patient), user=clinician)
    with django_assert_max_num_queries(40) as many:
        html = clinician_client.get(url).content.decode()
    assert len(many.captured_queries) == len(one.captured_queries)
    assert html.count('class="fu-timeline"') == 4
    assert "geen routinematige follow-up" in html


def test_worklist_shows_overdue_visits_to_the_responsible_clinician(clinician, clinician_client, make_user) -> None:
    from zorgpad.accounts.roles import Role

    other = make_user(Role.CLINICIAN, username="collega")
    mine = _plan(clinician, patient=PatientFactory(family_name="Mijnpatient"))
    services.followup_plan_build(tumour=lms_tumour(patient=PatientFactory(family_name="Andermans")), user=other)
    reminder_services.reminder_scan(today=dt.date(2026, 5, 1))
    html = clinician_client.get(reverse("followup:worklist")).content.decode()
    assert "Mijnpatient" in html and "Andermans" not in html
    assert "Achterstallige controles" in html
    # A visit's due date is its target; the window's end is the limit ("Uiterlijk" would say the opposite).
    assert "<th>Streefdatum</th><th>Venster gesloten</th>" in html and "Uiterlijk" not in html
    html_all = clinician_client.get(reverse("followup:worklist") + "?all=1").content.decode()
    assert "Andermans" in html_all
    assert mine.alerts.count() == 1


@pytest.mark.parametrize(
    ("client_fixture", "sees_alerts"),
    [("secretary_client", False), ("coordinator_client", False), ("clinician_client", True)],
)
def test_only_clinicians_see_overdue_alerts(request, clinician, client_fixture: str, sees_alerts: bool) -> None:
    _plan(clinician, patient=PatientFactory(family_name="Telaat"))
    reminder_services.reminder_scan(today=dt.date(2026, 5, 1))
    response = request.getfixturevalue(client_fixture).get(reverse("followup:worklist"))
    assert response.status_code == 200
    assert ('id="overdue"' in response.content.decode()) is sees_alerts


def test_worklist_and_letters_show_a_page_at_a_time_and_log_only_that_page(clinician, clinician_client,
                                                                           secretary_client, monkeypatch) -> None:
    """Every worklist is paginated (issue 15): overdue visits and the letters waiting, each a page at a time; only
    the patients on the page shown are audit-logged; the print run still takes all that are due."""
    from followup import views
    from zorgpad.audit.models import AuditEvent

    monkeypatch.setattr(views, "WORKLIST_ROWS", 2)
    monkeypatch.setattr(views, "LETTERS_PER_PAGE", 2)
    for n in range(3):
        _plan(clinician, patient=PatientFactory(family_name=f"Pagina{n}"))
    reminder_services.reminder_scan(today=dt.date(2026, 5, 1))
    before = AuditEvent.objects.filter(detail__startswith="follow-up worklist").count()
    first = clinician_client.get(reverse("followup:worklist")).content.decode()
    assert sum(f"Pagina{n}" in first for n in range(3)) == 2 and "p_alerts=2" in first
    assert AuditEvent.objects.filter(detail__startswith="follow-up worklist").count() == before + 2
    second = clinician_client.get(reverse("followup:worklist") + "?p_alerts=2").content.decode()
    assert second.count('<tr class="overdue">') == 1
    letters = secretary_client.get(reverse("followup:letters")).content.decode()
    assert letters.count('name="letters"') == 2 and "page=2" in letters


def test_worklist_needs_a_role(make_user) -> None:
    client = Client()
    client.force_login(make_user(None))
    assert client.get(reverse("followup:worklist")).status_code == 403


@pytest.mark.parametrize(
    ("client_fixture", "status"),
    [("secretary_client", 200), ("coordinator_client", 403), ("clinician_client", 403)],
)
def test_letters_permissions(request, client_fixture: str, status: int) -> None:
    assert request.getfixturevalue(client_fixture).get(reverse("followup:letters")).status_code == status


def test_secretary_print_run_pages(clinician, secretary_client, django_capture_on_commit_callbacks) -> None:
    _plan(clinician, patient=PatientFactory(family_name="Printbaar"))
    reminder_services.reminder_scan(today=dt.date(2026, 6, 5))
    page = secretary_client.get(reverse("followup:letters")).content.decode()
    assert "Printbaar" in page and "Alle brieven van deze week printen" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = secretary_client.post(reverse("followup:letters"), {"all_due_this_week": "1"})
    job = PrintJob.objects.get()
    assert response["Location"] == reverse("followup:print-job", args=[job.external_id])
    # Eager in tests: already rendered. The htmx fragment no longer polls once done.
    fragment = secretary_client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert 'data-status="done"' in fragment and "hx-trigger" not in fragment
    pdf = secretary_client.get(reverse("followup:print-job-download", args=[job.external_id]))
    assert pdf["Content-Type"] == "application/pdf"
    job.refresh_from_db()
    assert pdf["X-Content-SHA256"] == job.result.sha256
    secretary_client.post(reverse("followup:print-job-printed", args=[job.external_id]))
    assert Letter.objects.filter(status="printed").count() == 2
    # A reprint of the stored document gives the same bytes.
    again = secretary_client.get(reverse("followup:document", args=[job.result.external_id]))
    assert b"".join(again.streaming_content) == job.result.file.open("rb").read()


def test_queued_job_page_polls_with_htmx(clinician, secretary, secretary_client, monkeypatch) -> None:
    _plan(clinician)
    reminder_services.reminder_scan(today=dt.date(2026, 6, 5))
    monkeypatch.setattr(letter_services, "print_job_publish", lambda *, job_id: False)
    job = letter_services.print_job_create(user=secretary, all_due_this_week=True, today=dt.date(2026, 6, 5))
    html = secretary_client.get(reverse("followup:print-job", args=[job.external_id])).content.decode()
    assert 'hx-trigger="every 1s"' in html and "<script>" not in html
    assert "Wacht op de printservice" in html


def test_secretary_books_but_cannot_record_outcomes(clinician, secretary_client) -> None:
    plan = _plan(clinician)
    visit = plan.visits.get(sequence=2)
    url = reverse("followup:visit-transition", args=[visit.external_id])
    secretary_client.post(url, {"status": "booked"})
    assert Visit.objects.get(pk=visit.pk).status == "booked"
    secretary_client.post(url, {"status": "done", "note": "x"})
    assert Visit.objects.get(pk=visit.pk).status == "booked"


def test_clinician_moves_a_visit_with_a_reason(clinician, clinician_client) -> None:
    plan = _plan(clinician)
    visit = plan.visits.get(sequence=2)
    url = reverse("followup:visit-move", args=[visit.external_id])
    clinician_client.post(url, {"due_date": "2026-08-03", "reason": ""})
    assert Visit.objects.get(pk=visit.pk).due_date == dt.date(2026, 7, 15)
    clinician_client.post(url, {"due_date": "2026-08-03", "reason": "Vakantie"})
    assert Visit.objects.get(pk=visit.pk).due_date == dt.date(2026, 8, 3)
    html = clinician_client.get(reverse("followup:plan-detail", args=[plan.external_id])).content.decode()
    assert "Vakantie" in html


def test_patient_summary_pdf_for_clinicians_only(clinician, clinician_client, secretary_client) -> None:
    plan = _plan(clinician)
    url = reverse("followup:patient-summary", args=[plan.patient.external_id])
    assert secretary_client.get(url).status_code == 403
    response = clinician_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="export", patient_external_id=plan.patient.external_id).count() == 1


@pytest.mark.parametrize("name", ["invitation", "gp_plan_summary", "patient_summary"])
def test_admin_previews_each_template_as_html_and_pdf(admin_client_, name: str) -> None:
    html = admin_client_.get(reverse("followup:template-preview-render", args=[name, "html"]))
    assert html.status_code == 200
    assert "Huidkankercentrum Erasmus MC" in html.content.decode()
    assert "Voorbeeld" in html.content.decode()
    pdf = admin_client_.get(reverse("followup:template-preview-render", args=[name, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert FollowUpPlan.objects.count() == 0  # the sample was rolled back


def test_admin_preview_with_a_selected_patient(admin_client_, clinician) -> None:
    plan = _plan(clinician, patient=PatientFactory(family_name="Gekozen", hospital_number="7123456"))
    html = admin_client_.get(reverse("followup:template-preview-render", args=["invitation", "html"]),
                             {"hospital_number": "7123456"}).content.decode()
    assert "Gekozen" in html
    assert Letter.objects.filter(kind="invitation").count() == 0
    assert plan.visits.count() == 11


@pytest.mark.parametrize("client_fixture", ["clinician_client", "secretary_client"])
def test_preview_is_admin_only(request, client_fixture: str) -> None:
    client = request.getfixturevalue(client_fixture)
    assert client.get(reverse("followup:template-preview")).status_code == 403
    assert client.get(reverse("followup:template-preview-render", args=["invitation", "html"])).status_code == 403


def test_english_ui(clinician, clinician_client) -> None:
    _plan(clinician)
    with translation.override("en"):
        response = clinician_client.get(reverse("followup:worklist"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200


def test_panel_queries_stay_constant_with_many_buildable_tumours(clinician, clinician_client,
                                                                 django_assert_max_num_queries) -> None:
    from tests.factories import MelanomaFactory

    patient = PatientFactory()
    MelanomaFactory(patient=patient)
    url = reverse("patients:detail", args=[patient.external_id])
    with django_assert_max_num_queries(40) as one:
        clinician_client.get(url)
    for _ in range(4):
        MelanomaFactory(patient=patient)
        lms_tumour(patient=patient)
    with django_assert_max_num_queries(40) as many:
        html = clinician_client.get(url).content.decode()
    assert len(many.captured_queries) == len(one.captured_queries)
    assert html.count('name="template"') == 5


def test_melanoma_plan_from_an_explicit_template_via_the_page(clinician_client) -> None:
    from followup.models import PlanTemplate
    from tests.factories import MelanomaFactory
    from tests.staging.factories import StageAssessmentFactory

    tumour = MelanomaFactory(date_of_surgery=dt.date(2026, 1, 15), n_category="N0")
    StageAssessmentFactory(tumour=tumour, system="ajcc8-melanoma", classification="pathological", t="T3b", n="N0",
                           m="M0", stage="IIB")  # centre to decide: a clinician chooses the template
    template = PlanTemplate.objects.get(key="lms-subcutaneous", is_current=True)
    clinician_client.post(reverse("followup:plan-build"), {"tumour": str(tumour.external_id)})
    assert FollowUpPlan.objects.count() == 0
    clinician_client.post(reverse("followup:plan-build"), {"tumour": str(tumour.external_id),
                                                           "template": str(template.pk)})
    assert FollowUpPlan.objects.get().explicit_template is True
