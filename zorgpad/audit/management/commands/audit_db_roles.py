"""Grant the application's PostgreSQL role its privileges: no UPDATE, DELETE or TRUNCATE on the audit log.

Run as the owner role (the one that runs `migrate`), after every `migrate`:
    python manage.py audit_db_roles --app-role zorgpad_app [--create-role] [--sql]
See docs/audit-database-roles.md.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from zorgpad.audit.db_roles import app_role_statements


class Command(BaseCommand):
    help = "Give the application's database role its grants; the audit table stays append-only for it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--app-role", required=True, help="the role in the application's DATABASE_URL")
        parser.add_argument("--create-role", action="store_true",
                            help="create the role first (LOGIN, no password: set one with ALTER ROLE ... PASSWORD)")
        parser.add_argument("--sql", action="store_true", help="print the SQL instead of running it")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, app_role: str, create_role: bool, sql: bool, database: str,
               **options: Any) -> None:
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError("The role split is for PostgreSQL; the embedded SQLite default has no roles.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_database()")
            owner, name = cursor.fetchone()
        if app_role == owner:
            raise CommandError(f"{app_role!r} is the role running this command (the owner); "
                               "the application needs a role of its own.")
        statements = app_role_statements(app_role=app_role, database=name, quote=connection.ops.quote_name,
                                         create=create_role)
        if sql:
            self.stdout.write(";\n".join(statements) + ";")
            return
        with transaction.atomic(using=database), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"Role {app_role}: {len(statements)} statements applied in database {name}; "
                          f"the owner {owner} keeps every privilege.")
