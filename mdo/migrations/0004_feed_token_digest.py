"""Calendar keys are stored as their SHA-256 digest only.

Existing keys are hashed in place, so the subscription URLs that calendar apps already use keep working.
"""

import hashlib

from django.db import migrations, models


def hash_existing_keys(apps, schema_editor):
    MdoFeedToken = apps.get_model("mdo", "MdoFeedToken")
    for token in MdoFeedToken.objects.only("pk", "key").iterator():
        token.digest = hashlib.sha256(token.key.encode()).hexdigest()
        token.save(update_fields=["digest"])


def forget_tokens(apps, schema_editor):
    """Backwards: the keys cannot be restored from their digests; users make new calendar links."""
    apps.get_model("mdo", "MdoFeedToken").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("mdo", "0003_text_bounds")]

    operations = [
        migrations.AddField(
            model_name="mdofeedtoken", name="digest", field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(hash_existing_keys, migrations.RunPython.noop),
        migrations.RemoveField(model_name="mdofeedtoken", name="key"),
        migrations.AlterField(
            model_name="mdofeedtoken", name="digest", field=models.CharField(max_length=64, unique=True),
        ),
        # Backwards this runs first: the old key column cannot come back while rows without a key exist.
        migrations.RunPython(migrations.RunPython.noop, forget_tokens),
    ]
