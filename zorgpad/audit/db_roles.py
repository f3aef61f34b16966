"""The database role split that keeps the audit log append-only even for a compromised application.

The owner role (the one that runs `migrate`) owns every table and keeps every privilege. The application
role (the one in the web/worker `DATABASE_URL`) may read and write the data, but on the audit table it may
only SELECT and INSERT: no UPDATE, DELETE or TRUNCATE. The triggers of the audit migrations refuse those
statements for every role as a second line; the grants make the refusal independent of the triggers.
"""

from collections.abc import Callable

from zorgpad.audit.models import AuditEvent

#: Data privileges of the application role on every table (never TRUNCATE, REFERENCES or TRIGGER).
APP_TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
#: What the application keeps on the audit table.
APP_AUDIT_PRIVILEGES = "SELECT, INSERT"


def app_role_statements(*, app_role: str, database: str, quote: Callable[[str], str],
                        create: bool = False) -> list[str]:
    """The SQL, run as the owner, that gives `app_role` the application's grants (idempotent)."""
    role, audit = quote(app_role), quote(AuditEvent._meta.db_table)
    statements = [f"CREATE ROLE {role} LOGIN"] if create else []
    statements += [
        f"GRANT CONNECT ON DATABASE {quote(database)} TO {role}",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
        f"GRANT {APP_TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        # Tables and sequences that later migrations create (run by the owner) get the same grants.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {APP_TABLE_PRIVILEGES} ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
        # The audit log: append and read only.
        f"REVOKE ALL ON {audit} FROM {role}",
        f"GRANT {APP_AUDIT_PRIVILEGES} ON {audit} TO {role}",
    ]
    return statements
