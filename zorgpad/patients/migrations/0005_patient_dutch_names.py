"""Dutch names: the family-name prefix, the partner's name and the name usage; phone numbers and e-mail.

Existing family names that begin with a known prefix in lowercase ("van Dam", "van der Meer") are split into
prefix and name; names that may hold a prefix no rule can split ("Van Dam" with a capital, "v.d. Berg") are
left as they are and listed, for a person to correct on the patient's page. The partner's family name gets a
trigram index like the own name (migration 0003), as the search looks in both.
"""

from typing import Any

from django.db import migrations, models

import zorgpad.patients.validators

from zorgpad.patients.names import needs_a_person, split_family_name


def split_prefixes(apps: Any, schema_editor: Any) -> None:
    Patient = apps.get_model("patients", "Patient")
    unsplit = []
    for patient in Patient.objects.filter(family_name_prefix="").only("pk", "hospital_number", "family_name"):
        split = split_family_name(patient.family_name)
        if split:
            Patient.objects.filter(pk=patient.pk).update(family_name_prefix=split[0], family_name=split[1])
        elif needs_a_person(patient.family_name):
            unsplit.append(f"  {patient.hospital_number}: {patient.family_name!r}")
    if unsplit:
        print(f"\n  Family names not split into prefix and name ({len(unsplit)}); correct them by hand:")
        print("\n".join(unsplit))


def join_prefixes(apps: Any, schema_editor: Any) -> None:
    Patient = apps.get_model("patients", "Patient")
    for patient in Patient.objects.exclude(family_name_prefix="").only("pk", "family_name_prefix", "family_name"):
        Patient.objects.filter(pk=patient.pk).update(
            family_name=f"{patient.family_name_prefix} {patient.family_name}", family_name_prefix="")


PARTNER_INDEX = "patient_partner_family_name_trgm"


def create_partner_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {PARTNER_INDEX} ON patients_patient "
            "USING gin (UPPER(partner_family_name::text) gin_trgm_ops)")


def drop_partner_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PARTNER_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('patients', '0004_tumour_body_site_region_marker_units'),
    ]

    operations = [
        migrations.AddField(
            model_name='patient',
            name='email',
            field=models.EmailField(blank=True, max_length=254, verbose_name='e-mail address'),
        ),
        migrations.AddField(
            model_name='patient',
            name='family_name_prefix',
            field=models.CharField(blank=True, help_text='Tussenvoegsel, e.g. van, van der, de.', max_length=20, verbose_name='prefix'),
        ),
        migrations.AddField(
            model_name='patient',
            name='name_usage',
            field=models.CharField(choices=[('NL1', 'own name'), ('NL2', "partner's name"), ('NL3', "partner's name followed by own name"), ('NL4', "own name followed by partner's name")], default='NL1', max_length=3, verbose_name='name usage'),
        ),
        migrations.AddField(
            model_name='patient',
            name='partner_family_name',
            field=models.CharField(blank=True, max_length=100, verbose_name="partner's family name"),
        ),
        migrations.AddField(
            model_name='patient',
            name='partner_family_name_prefix',
            field=models.CharField(blank=True, max_length=20, verbose_name="partner's prefix"),
        ),
        migrations.AddField(
            model_name='patient',
            name='phone',
            field=models.CharField(blank=True, max_length=20, validators=[zorgpad.patients.validators.validate_phone_number], verbose_name='phone number'),
        ),
        migrations.AddField(
            model_name='patient',
            name='phone_other',
            field=models.CharField(blank=True, max_length=20, validators=[zorgpad.patients.validators.validate_phone_number], verbose_name='other phone number'),
        ),
        migrations.AddIndex(
            model_name='patient',
            index=models.Index(fields=['date_of_birth'], name='patient_date_of_birth_idx'),
        ),
        migrations.RunPython(split_prefixes, join_prefixes, elidable=False),
        migrations.RunPython(create_partner_index, drop_partner_index, elidable=False),
    ]
