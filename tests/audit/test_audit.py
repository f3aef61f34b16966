import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from tests.factories import PatientFactory, TumourFactory
from zorgpad.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_reading_a_patient_page_is_audited(clinician, clinician_client) -> None:
    patient = PatientFactory()
    clinician_client.get(reverse("patients:detail", args=[patient.external_id]))
    event = AuditEvent.objects.get()
    assert (event.username, event.action, event.patient_external_id) == ("clinician", "view", patient.external_id)
    assert event.path == f"/patients/{patient.external_id}/"


def test_api_reads_and_writes_are_audited(clinician_api) -> None:
    tumour = TumourFactory()
    clinician_api.get(f"/api/v1/tumours/{tumour.external_id}/")
    clinician_api.patch(f"/api/v1/tumours/{tumour.external_id}/", {"body_site": "romp"}, format="json")
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "patient_external_id", "object_type"))
    assert actions == [
        ("view", tumour.patient.external_id, "patients.tumour"),
        ("update", tumour.patient.external_id, "patients.tumour"),
    ]


def test_search_is_audited_without_a_patient(clinician_client) -> None:
    clinician_client.get(reverse("patients:list"), {"q": "jansen"})
    event = AuditEvent.objects.get()
    assert (event.action, event.patient_external_id, event.detail) == ("search", None, "q=jansen")


def test_denied_request_writes_nothing(secretary_client) -> None:
    tumour = TumourFactory()
    secretary_client.post(reverse("patients:tumour-edit", args=[tumour.external_id]), {"body_site": "x"})
    assert not AuditEvent.objects.filter(action="update").exists()


def test_audit_events_cannot_be_changed_or_deleted_in_code(clinician_client) -> None:
    patient = PatientFactory()
    clinician_client.get(reverse("patients:detail", args=[patient.external_id]))
    event = AuditEvent.objects.get()
    event.detail = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(detail="tampered")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_audit_table_is_append_only_in_postgresql(clinician_client) -> None:
    patient = PatientFactory()
    clinician_client.get(reverse("patients:detail", args=[patient.external_id]))
    for sql in ("UPDATE audit_auditevent SET detail = 'x'", "DELETE FROM audit_auditevent"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    assert AuditEvent.objects.get().detail == ""


def test_audit_log_page_is_for_admins_only(admin_client_, clinician_client) -> None:
    PatientFactory()
    assert clinician_client.get(reverse("audit-log")).status_code == 403
    assert admin_client_.get(reverse("audit-log")).status_code == 200


def test_audit_table_refuses_truncate_in_postgresql(clinician_client) -> None:
    """Finding (issue 14): the append-only trigger blocked UPDATE and DELETE, but not TRUNCATE."""
    patient = PatientFactory()
    clinician_client.get(reverse("patients:detail", args=[patient.external_id]))
    with connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred foreign-key check may stand in the way
    with pytest.raises(DatabaseError, match="append-only: TRUNCATE refused"), transaction.atomic(), \
            connection.cursor() as cur:
        cur.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == 1
