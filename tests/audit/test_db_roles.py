"""The database role split: the application's role cannot change or empty the audit log; the owner can."""

import uuid

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.utils import ProgrammingError

from tests.factories import PatientFactory
from zorgpad.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _privilege(role: str, privilege: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT has_table_privilege(%s, 'audit_auditevent', %s)", [role, privilege])
        return bool(cursor.fetchone()[0])


def test_app_role_may_not_update_delete_or_truncate_the_audit_table_the_owner_may() -> None:
    patient = PatientFactory()
    AuditEvent.objects.create(username="x", action="view", patient_external_id=patient.external_id)
    role = f"zorgpad_test_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    # Roles are cluster-wide, but CREATE ROLE is transactional: the test's rollback removes it again.
    call_command("audit_db_roles", app_role=role, create_role=True, stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert [_privilege(role, p) for p in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")] == [
        True, True, False, False, False]
    assert all(_privilege(owner, p) for p in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"))

    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{role}"')
        try:
            # What the application does: read and write records, append to the audit log.
            cursor.execute("UPDATE patients_patient SET city = 'Rotterdam' WHERE id = %s", [patient.pk])
            cursor.execute("INSERT INTO audit_auditevent (at, username, action, object_type, object_id, detail, path) "
                           "VALUES (now(), 'app', 'view', '', '', '', '')")
            cursor.execute("SELECT count(*) FROM audit_auditevent")
            assert cursor.fetchone()[0] == 2
            for statement in ("UPDATE audit_auditevent SET detail = 'tampered'", "DELETE FROM audit_auditevent",
                              "TRUNCATE audit_auditevent"):
                with pytest.raises(ProgrammingError, match="permission denied for table audit_auditevent"), \
                        transaction.atomic():
                    cursor.execute(statement)
        finally:
            cursor.execute("RESET ROLE")
    assert list(AuditEvent.objects.order_by("id").values_list("username", "detail")) == [("x", ""), ("app", "")]


def test_the_role_split_is_printed_as_sql_for_a_dba() -> None:
    from io import StringIO

    out = StringIO()
    call_command("audit_db_roles", app_role="zorgpad_app", sql=True, stdout=out)
    sql = out.getvalue()
    assert 'REVOKE ALL ON "audit_auditevent" FROM "zorgpad_app";' in sql
    assert 'GRANT SELECT, INSERT ON "audit_auditevent" TO "zorgpad_app";' in sql
    assert "TRUNCATE" not in sql
    assert not _role_exists("zorgpad_app")


def _role_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
        return cursor.fetchone() is not None
