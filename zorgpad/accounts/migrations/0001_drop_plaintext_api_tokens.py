"""API tokens moved from DRF's authtoken (plain text, no expiry) to django-rest-knox (digest, expiry).

The old table held every token in plain text; it is dropped, so those tokens stop working and no copy is left
in the database. Clients ask for a new token at the same endpoint. The authtoken app's migration records are
removed too, so that re-installing that app would create its table again.
"""

from django.db import migrations


def drop_authtoken_table(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" in connection.introspection.table_names():
        schema_editor.execute("DROP TABLE authtoken_token")
    schema_editor.execute("DELETE FROM django_migrations WHERE app = 'authtoken'")


class Migration(migrations.Migration):
    dependencies = [("knox", "0009_extend_authtoken_field")]

    operations = [migrations.RunPython(drop_authtoken_table, migrations.RunPython.noop)]
