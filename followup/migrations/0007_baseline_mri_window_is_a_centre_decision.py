"""The pathway gives no window for the postoperative baseline MRI: it is a centre decision, not a number in the
template. A shipped template that no plan uses yet is corrected in place; one with plans keeps its number (its
plans were made with it) and the post-migrate sync makes the next version."""

from django.db import migrations

KEY = "lms.followup.baseline-mri-window-months"


def forwards(apps, schema_editor):
    PlanTemplate = apps.get_model("followup", "PlanTemplate")
    for template in PlanTemplate.objects.filter(key="lms-subcutaneous", is_current=True, plans__isnull=True):
        items = [{"item": b["item"], "centre_decision": KEY} if b.get("item") == "mri" else b
                 for b in template.baseline_items]
        if items != template.baseline_items:
            template.baseline_items = items
            template.save(update_fields=["baseline_items"])


class Migration(migrations.Migration):
    dependencies = [("followup", "0006_plan_pathway_version_and_baseline_windows")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
