"""The care pathway's follow-up schedule for (subcutaneous) leiomyosarcoma ships as the default template."""

from django.db import migrations

SOURCE = (
    "Zorgpad cutaan en subcutaan leiomyosarcoom, Erasmus MC, versie maart 2026, Follow-up: "
    "'Coördineer de opvolging vanuit een expertisecentrum. Follow-up is in principe 6-maandelijks gedurende de "
    "eerste 5 jaar, daarna op indicatie. Verricht een baseline MRI (postoperatief) gevolgd door follow-up middels "
    "klinisch onderzoek en een X Thorax.' Baseline MRI within 3 months after surgery, tolerance +/- 4 weeks and "
    "invitations 6 weeks ahead are this centre's working agreements (the pathway gives no number)."
)


def create(apps, schema_editor):
    PlanTemplate = apps.get_model("followup", "PlanTemplate")
    PlanTemplate.objects.get_or_create(
        key="lms-subcutaneous", version=1,
        defaults={
            "name": "Subcutaan leiomyosarcoom (zorgpad maart 2026)",
            "interval_months": 6,
            "duration_months": 60,
            "visit_items": ["clinical_examination", "chest_xray"],
            "baseline_items": [{"item": "mri", "within_months": 3}],
            "tolerance_days": 28,
            "invitation_lead_days": 42,
            "after_end": "on indication",
            "source": SOURCE,
            "is_current": True,
        },
    )


def remove(apps, schema_editor):
    PlanTemplate = apps.get_model("followup", "PlanTemplate")
    PlanTemplate.objects.filter(key="lms-subcutaneous", version=1, plans__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("followup", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
