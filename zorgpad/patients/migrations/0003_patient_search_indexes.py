"""Indexes for the patient search (selectors.patient_list) on PostgreSQL.

The search is `icontains` on family and given names (Django: UPPER(col::text) LIKE UPPER('%q%')) or an exact
hospital number (UPPER(col::text) = UPPER(q)) or BSN. Without these, every search and its page count read
all patients (10,000: 9.8 ms for the count); with them a BitmapOr of index scans (1.0 ms). pg_trgm is a
trusted extension (PostgreSQL 13+): the database owner may create it. SQLite (the embedded default) gets
nothing: it has neither, and its demo data is small. The indexes are not in the model state (they are
PostgreSQL-only expressions), so makemigrations sees no change.
"""

from typing import Any

from django.db import migrations

INDEXES = {
    "patient_family_name_trgm": "USING gin (UPPER(family_name::text) gin_trgm_ops)",
    "patient_given_names_trgm": "USING gin (UPPER(given_names::text) gin_trgm_ops)",
    "patient_hospital_number_upper": "(UPPER(hospital_number::text))",
}


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON patients_patient {definition}")


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("patients", "0002_patient_list_order_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
