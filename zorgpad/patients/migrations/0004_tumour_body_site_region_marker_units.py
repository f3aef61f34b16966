"""Coded body-site region and invasion on the tumour (AJCC chapter inputs), UCUM units and the upper reference
limit on tumour markers. Existing units are rewritten as UCUM codes where they are known ('µg/L' -> 'ug/L');
the others stay as entered and are listed for review on the patient page (never compared)."""

from django.db import migrations, models
import django.core.validators
from decimal import Decimal

from zorgpad.pathways.vocabulary import marker_unit_parse


def units_to_ucum(apps, schema_editor):
    TumourMarker = apps.get_model("patients", "TumourMarker")
    for marker in TumourMarker.objects.only("id", "unit"):
        unit = marker_unit_parse(marker.unit)
        if unit is not None and unit.value != marker.unit:
            TumourMarker.objects.filter(pk=marker.pk).update(unit=unit.value)


def tumours_without_region(apps, schema_editor):
    """List the tumours whose region must be recorded (the free-text site is never parsed into a region)."""
    Tumour = apps.get_model("patients", "Tumour")
    missing = list(Tumour.objects.filter(body_site_region="").order_by("id").values_list("external_id", flat=True))
    if missing:
        # Identifiers only (no names in deployment logs); the tumour page shows "not recorded" as well.
        print(f"\n  {len(missing)} tumour(s) need a body-site region before AJCC staging applies:")
        for external_id in missing:
            print(f"    /tumours/{external_id}/")


class Migration(migrations.Migration):
    dependencies = [("patients", "0003_patient_search_indexes")]

    operations = [
        migrations.AddField(
            model_name="tumour",
            name="body_site_region",
            field=models.CharField(blank=True, choices=[("head_neck", "head and neck"), ("trunk", "trunk"), ("upper_extremity", "upper extremity"), ("lower_extremity", "lower extremity"), ("other", "other (e.g. visceral, retroperitoneal)")], max_length=16, verbose_name="body-site region"),
        ),
        migrations.AddField(
            model_name="tumour",
            name="invasion_adjoining_structures",
            field=models.BooleanField(blank=True, help_text="AJCC 8 head and neck sarcoma: invasion gives T4 whatever the size.", null=True, verbose_name="invasion of adjoining structures"),
        ),
        migrations.AddField(
            model_name="tumourmarker",
            name="upper_limit",
            field=models.DecimalField(blank=True, decimal_places=3, help_text="As the lab gives it, in the same unit.", max_digits=10, null=True, validators=[django.core.validators.MinValueValidator(Decimal("0"))], verbose_name="upper reference limit"),
        ),
        migrations.RunPython(units_to_ucum, migrations.RunPython.noop),
        migrations.RunPython(tumours_without_region, migrations.RunPython.noop),
    ]
