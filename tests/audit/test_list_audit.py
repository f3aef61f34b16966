"""Finding (issue 14, NEN 7513): every list, search result, worklist, agenda, admin list, export and print run
writes ONE audit entry per patient it shows, with its own action and the query, in ONE INSERT per request.

Each test creates patients with recognisable names, asks for the route, and checks: the names are shown, the
new audit entries name exactly those patients once each, with the route's action and detail, and the request
wrote them with a single INSERT into the audit table (so a page's query count stays constant).
"""

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib import admin
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.factories import PatientFactory, TumourFactory
from tests.mdo.factories import MdoCaseFactory, MdoSessionFactory
from tests.referrals.factories import ChecklistFactory, ReferralFactory
from tests.security.routes import all_routes
from zorgpad.audit.admin import AuditedModelAdmin
from zorgpad.audit.models import AuditEvent
from zorgpad.patients.models import Patient

pytestmark = pytest.mark.django_db

AUDIT_INSERT = 'INSERT INTO "audit_auditevent"'


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    default_storage.__dict__.pop("base_location", None)
    default_storage.__dict__.pop("location", None)
    yield


def _patients(prefix: str, n: int = 3) -> list[Patient]:
    return [PatientFactory(family_name=f"{prefix}{i:02d}") for i in range(n)]


def _text(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/pdf"):
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode()


def _get_audited(client: Any, url: str, *, shown: list[Patient], action: str, detail: str | None = None,
                 **params: Any) -> list[AuditEvent]:
    """GET url; the patients `shown` are on it, each audited once with `action`, written by one INSERT."""
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    text = _text(response)
    for patient in shown:
        assert patient.family_name in text or patient.hospital_number in text, f"{patient} not shown on {url}"
    events = list(AuditEvent.objects.filter(id__gt=last).order_by("id"))
    assert sorted(str(e.patient_external_id) for e in events) == sorted(str(p.external_id) for p in shown)
    assert {e.action for e in events} == {action}
    if detail is not None:
        assert {e.detail for e in events} == {detail}
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(AUDIT_INSERT)]
    assert len(inserts) == 1, f"{len(inserts)} INSERTs into the audit table"
    return events


# --- patients ----------------------------------------------------------------------------------------------


def test_patient_list_audits_each_patient_shown_as_list(clinician_client) -> None:
    shown = _patients("Lijst")
    events = _get_audited(clinician_client, reverse("patients:list"), shown=shown, action="list")
    assert {(e.username, e.path) for e in events} == {("clinician", "/patients/")}


def test_patient_search_audits_each_hit_with_the_query(clinician_client) -> None:
    hits = _patients("Zoekhit", 2)
    _patients("Anders", 2)  # not found, not audited
    _get_audited(clinician_client, reverse("patients:list"), shown=hits, action="search", detail="q=Zoekhit",
                 q="Zoekhit")


def test_patient_search_without_a_hit_records_the_query_without_a_patient(clinician_client) -> None:
    _patients("Anders", 2)
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    clinician_client.get(reverse("patients:list"), {"q": "Niemand"})
    events = list(AuditEvent.objects.filter(id__gt=last).values_list("action", "patient_external_id", "detail"))
    assert events == [("search", None, "q=Niemand")]


def test_patient_api_list_audits_each_patient_on_the_page(clinician_api) -> None:
    """Finding: GET /api/v1/patients/ paged out everyone's BSN and address under one entry naming nobody."""
    shown = _patients("Api")
    events = _get_audited(clinician_api, "/api/v1/patients/", shown=shown, action="list")
    assert {e.detail for e in events} == {"patients"}


def test_patient_api_search_audits_each_hit_with_the_filters(clinician_api) -> None:
    hits = _patients("Apizoek", 2)
    _patients("Anders", 1)
    _get_audited(clinician_api, "/api/v1/patients/", shown=hits, action="search", detail="patients q=Apizoek",
                 q="Apizoek")


def test_patient_api_filter_by_bsn_is_a_search(clinician_api) -> None:
    hit, _other = _patients("Bsnzoek", 2)
    _get_audited(clinician_api, "/api/v1/patients/", shown=[hit], action="search", detail=f"patients bsn={hit.bsn}",
                 bsn=hit.bsn)


def test_patient_api_list_audits_only_the_page_shown(clinician_api) -> None:
    _patients("Pagina", 53)  # pages of 50
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    data = clinician_api.get("/api/v1/patients/", {"page": 2}).json()
    shown = {r["id"] for r in data["results"]}
    audited = {str(e) for e in AuditEvent.objects.filter(id__gt=last).values_list("patient_external_id", flat=True)}
    assert data["count"] == 53 and len(shown) == 3 and audited == shown


# --- referrals ---------------------------------------------------------------------------------------------


def test_referral_worklist_audits_each_patient_shown(clinician_client) -> None:
    received = ReferralFactory(patient=PatientFactory(family_name="Wachtend"))
    triaged = ReferralFactory(patient=PatientFactory(family_name="Getrieerd"), status="triaged",
                              destination="dermatology_clinic")
    biopsy = ChecklistFactory(patient=PatientFactory(family_name="Biopt"), biopsy_needed=True,
                              biopsy_taken_on=timezone.localdate() - dt.timedelta(days=3),
                              result_due_on=timezone.localdate() + dt.timedelta(days=5))
    ReferralFactory(patient=PatientFactory(family_name="Gesloten"), status="closed",
                    destination="dermatology_clinic")  # not on the worklist
    _get_audited(clinician_client, reverse("referrals:worklist"), action="list", detail="referral worklist",
                 shown=[received.patient, triaged.patient, biopsy.patient])


def test_referral_list_audits_each_patient_shown_with_the_filters(clinician_client) -> None:
    shown = [ReferralFactory(patient=p, status="closed", destination="dermatology_clinic").patient
             for p in _patients("Verwezen", 2)]
    ReferralFactory(patient=PatientFactory(family_name="Andersstatus"))
    _get_audited(clinician_client, reverse("referrals:list"), shown=shown, action="list",
                 detail="referral list status=closed", status="closed")


def test_referral_api_list_audits_each_patient_on_the_page(clinician_api) -> None:
    shown = [ReferralFactory(patient=p).patient for p in _patients("Apiverwijzing", 3)]
    _get_audited(clinician_api, "/api/v1/referrals/", shown=shown, action="list", detail="referrals")


# --- MDO ---------------------------------------------------------------------------------------------------


def _session_with_cases(prefix: str, n: int = 3) -> tuple[Any, list[Patient]]:
    session = MdoSessionFactory(original_date=timezone.localdate() + dt.timedelta(days=7), capacity_minutes=120)
    patients = _patients(prefix, n)
    for patient in patients:
        MdoCaseFactory(session=session, tumour=TumourFactory(patient=patient))
    return session, patients


def test_mdo_agenda_audits_each_patient_as_list(coordinator_client) -> None:
    session, shown = _session_with_cases("Agenda")
    events = _get_audited(coordinator_client, reverse("mdo:agenda", args=[session.external_id]), shown=shown,
                          action="list", detail="MDO agenda")
    assert {e.object_id for e in events} == {str(session.external_id)}


def test_mdo_agenda_pdf_audits_each_patient_as_print(coordinator_client) -> None:
    session, shown = _session_with_cases("Agendapdf")
    _get_audited(coordinator_client, reverse("mdo:agenda-pdf", args=[session.external_id]), shown=shown,
                 action="print", detail="MDO agenda PDF")


def test_mdo_overview_audits_each_case_not_ready(coordinator_client) -> None:
    _session, shown = _session_with_cases("Nietklaar", 2)
    _get_audited(coordinator_client, reverse("mdo:overview"), shown=shown, action="list",
                 detail="MDO overview: cases not ready")


def test_mdo_case_find_audits_each_hit_with_the_query(clinician_client) -> None:
    hits = _patients("Mdozoek", 2)
    _get_audited(clinician_client, reverse("mdo:case-find"), shown=hits, action="search", detail="mdo q=Mdozoek",
                 q="Mdozoek")


# --- follow-up ---------------------------------------------------------------------------------------------


@pytest.fixture
def letters(clinician) -> list[Any]:  # type: ignore[no-untyped-def]
    from followup import reminder_services, services
    from followup.models import Letter
    from tests.followup.conftest import ensure_default_template
    from tests.followup.factories import lms_tumour

    ensure_default_template()
    for i in range(3):
        services.followup_plan_build(tumour=lms_tumour(patient=PatientFactory(family_name=f"Brief{i:02d}")),
                                     user=clinician)
    reminder_services.reminder_scan(today=dt.date(2026, 6, 5))
    return list(Letter.objects.filter(kind="invitation").select_related("patient").order_by("id"))


def test_followup_worklist_audits_each_patient_shown(clinician, clinician_client) -> None:
    from followup import services
    from tests.followup.conftest import ensure_default_template
    from tests.followup.factories import lms_tumour

    ensure_default_template()
    soon = timezone.localdate() + dt.timedelta(weeks=2)
    shown = _patients("Controle", 2)
    for patient in shown:  # the 6-month visit falls in the coming six weeks
        services.followup_plan_build(tumour=lms_tumour(patient=patient, date_of_surgery=soon - dt.timedelta(
            days=182)), user=clinician)
    _get_audited(clinician_client, reverse("followup:worklist"), shown=shown, action="list",
                 detail="follow-up worklist all=1", all="1")


def test_letter_queue_audits_each_patient_shown(secretary_client, letters) -> None:
    _get_audited(secretary_client, reverse("followup:letters"), shown=[le.patient for le in letters],
                 action="list", detail="letters waiting to be printed")


def _print_run(secretary, letters, capture) -> Any:  # type: ignore[no-untyped-def]
    """A print run of the first two letters, rendered (eager Celery, after the commit)."""
    from followup import letter_services

    with capture(execute=True):
        job = letter_services.print_job_create(user=secretary, letter_ids=[str(le.external_id) for le in letters[:2]])
    job.refresh_from_db()
    assert job.status == "done"
    return job


def test_print_run_render_audits_each_patient_printed_in_one_insert(secretary, letters,
                                                                    django_capture_on_commit_callbacks) -> None:
    from followup.models import PrintJob

    with CaptureQueriesContext(connection) as queries:
        _print_run(secretary, letters, django_capture_on_commit_callbacks)
    job = PrintJob.objects.get()
    events = AuditEvent.objects.filter(object_type="followup.printjob", object_id=str(job.external_id))
    assert sorted(str(p) for p in events.values_list("patient_external_id", flat=True)) == sorted(
        str(le.patient.external_id) for le in letters[:2])
    assert set(events.values_list("action", flat=True)) == {"print"}
    assert len([q for q in queries.captured_queries if q["sql"].startswith(AUDIT_INSERT)]) == 1


def test_print_run_page_and_pdf_audit_each_patient(secretary, secretary_client, letters,
                                                   django_capture_on_commit_callbacks) -> None:
    """Finding: the print-run page showed 14 patients without an entry; its PDF wrote one `export` entry."""
    job = _print_run(secretary, letters, django_capture_on_commit_callbacks)
    shown = [le.patient for le in letters[:2]]
    _get_audited(secretary_client, reverse("followup:print-job", args=[job.external_id]), shown=shown,
                 action="list", detail="print run page")
    _get_audited(secretary_client, reverse("followup:print-job-download", args=[job.external_id]), shown=shown,
                 action="print", detail=f"print run pdf {job.result.sha256}")


def test_print_run_status_poll_shows_and_audits_no_patient(secretary, secretary_client, letters,
                                                           django_capture_on_commit_callbacks) -> None:
    job = _print_run(secretary, letters, django_capture_on_commit_callbacks)
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = secretary_client.get(reverse("followup:print-job", args=[job.external_id]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Brief0" not in response.content.decode()
    assert not AuditEvent.objects.filter(id__gt=last).exists()


# --- Django admin ------------------------------------------------------------------------------------------


def _audited_admin_models() -> list[type]:
    return [m for m, a in admin.site._registry.items() if isinstance(a, AuditedModelAdmin)]


def test_admin_changelists_audit_each_patient_on_the_page(admin_client_) -> None:
    """Finding: the Django admin lists wrote one `search` entry naming nobody."""
    from tests.security.routes import build_world

    build_world()  # demo data of every app: each audited model has rows
    checked = []
    for model in _audited_admin_models():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        events, shown = _get_audited_admin(admin_client_, url)
        assert {e.detail for e in events} == {f"admin {opts.label_lower}"}, opts.label
        if shown:
            checked.append(opts.label)
    assert len(checked) >= 10, checked


def _get_audited_admin(client: Any, url: str, **params: Any) -> tuple[list[AuditEvent], set[Any]]:
    """The patients of the rows the changelist shows (its own result list) are audited once each, one INSERT."""
    from tests.security.routes import patient_of

    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    shown = {p.external_id for p in (patient_of(r) for r in response.context_data["cl"].result_list) if p}
    events = list(AuditEvent.objects.filter(id__gt=last))
    expected = sorted(str(p) for p in shown) or ["None"]
    assert sorted(str(e.patient_external_id) for e in events) == expected, url
    assert {e.action for e in events} == ({"search"} if params.get("q") else {"list"}), url
    assert len([q for q in queries.captured_queries if q["sql"].startswith(AUDIT_INSERT)]) == 1, url
    return events, shown


def test_admin_changelist_search_audits_each_hit_with_the_query(admin_client_) -> None:
    hits = _patients("Beheerzoek", 2)
    _patients("Anders", 2)
    events, shown = _get_audited_admin(admin_client_, reverse("admin:patients_patient_changelist"), q="Beheerzoek")
    assert shown == {p.external_id for p in hits}
    assert {e.detail for e in events} == {"admin patients.patient q=Beheerzoek"}


# --- every list route is covered ---------------------------------------------------------------------------

#: Routes without a record id in their path that show patients: each is tested above.
LIST_ROUTES = {
    "patients:list", "patient-list", "referrals:worklist", "referrals:list", "referral-list", "mdo:overview",
    "mdo:case-find", "followup:worklist", "followup:letters",
    "pathway:deviations", "deviation-list",  # tests/pathway/test_items_api_and_pages.py checks their audit
    "audit-log",  # tests/audit/test_audit_log_page.py checks that reading the log is audited per patient
    # FHIR searches: tests/interop/test_fhir_read.py checks their audit (one entry per patient shown).
    "fhir-patient-search", "fhir-condition-search", "fhir-observation-search", "fhir-careplan-search",
    "fhir-encounter-search",
    "today:clinician", "today:coordinator", "today:secretary",  # tests/today/test_start_pages.py checks these
    # tests/quality/test_api_and_pages.py checks their audit:
    "quality:worklist", "quality:indicator-rows", "quality:indicator-csv",
}
#: Routes without a record id that show no patient (or only the one whose id the user gives).
NO_PATIENT_LIST = {
    "home": "redirects to the start page",
    "today:start": "redirects to the start page of the user's role",
    "today:admin": "audit search, centre decisions and pathway revisions: no patient",
    "health": "database liveness only",
    "login": "login form", "logout": "logout", "set_language": "language switch",
    "api-token": "token endpoint", "api-token-logout": "revokes the caller's API token",
    "api-schema": "the OpenAPI schema", "api-docs": "the Swagger UI",
    "patients:create": "empty form", "referrals:create": "form; with ?patient= one patient (audited as a view)",
    "mdo:sessions": "sessions with dates and loads, no patient", "mdo:case-register": "one tumour (audited view)",
    "mdo:calendar": "the user's subscription link", "mdo-type-list": "MDO types",
    "mdo-session-list": "sessions, no patient", "mdo-calendar-feed": "meeting times and place only",
    "followup:plan-build": "POST only", "followup:template-preview": "form",
    "followup:template-preview-render": "sample patient, or one chosen patient (audited view)",
    "staging:stage-preview": "computes from the posted form", "staging:ssc-preview": "computes from the form",
    "staging-compute": "stateless calculation", "ssc-criteria": "stateless calculation",
    "pathway-evaluate": "stateless calculation",
    "pathway-list": "the pathways, their versions and the centre's decisions: no patient",
    "pathway:centre-decisions": "the centre's decisions and their history: no patient",
    "fhir-metadata": "the FHIR CapabilityStatement", "fhir-bundle": "registers a referral (audited create)",
    "cds-discovery": "the CDS services offered",
    "cds-patient-view": "one patient the EHR names (an audited view naming the client; tests/interop)",
    "cds-feedback": "feedback on cards given before (deviations and log entries are audited)",
    "quality:indicators": "aggregate figures and charts; the patients behind them are on quality:indicator-rows",
    "quality:indicators-pdf": "aggregate figures and charts: no patient",
    "indicator-list": "aggregate figures: no patient",
}


def test_every_route_without_a_record_id_is_classified_for_the_list_audit() -> None:
    keys = {r.key for r in all_routes() if not r.is_admin and not any(conv == "uuid" for conv, _ in r.params)}
    unclassified = keys - LIST_ROUTES - set(NO_PATIENT_LIST)
    assert unclassified == set(), "add these to LIST_ROUTES (with a test above) or NO_PATIENT_LIST"
    assert (LIST_ROUTES | set(NO_PATIENT_LIST)) - keys == set(), "routes that no longer exist"

