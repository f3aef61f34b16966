"""The first visit that took place (not only planned), and the first-visit checklist per referral episode.

Each existing checklist moves to its patient's latest referral (the one the page showed it beside); a patient
without a referral keeps a checklist without an episode."""

import django.db.models.deletion
from django.db import migrations, models

import zorgpad.patients.validators


def attach_to_latest_referral(apps, schema_editor):
    Checklist = apps.get_model("referrals", "FirstVisitChecklist")
    Referral = apps.get_model("referrals", "Referral")
    for checklist in Checklist.objects.filter(referral__isnull=True).iterator():
        latest = (Referral.objects.filter(patient_id=checklist.patient_id)
                  .order_by("-received_on", "-id").first())
        if latest is not None and not Checklist.objects.filter(referral=latest).exists():
            checklist.referral = latest
            checklist.save(update_fields=["referral"])


class Migration(migrations.Migration):

    dependencies = [
        ("patients", "0007_merge_names_date_of_birth"),
        ("referrals", "0002_text_bounds"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="first_visit_on",
            field=models.DateField(blank=True, null=True, validators=[
                zorgpad.patients.validators.validate_not_in_future], verbose_name="first visit took place on"),
        ),
        migrations.AlterField(
            model_name="firstvisitchecklist",
            name="patient",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                    related_name="first_visit_checklists", to="patients.patient"),
        ),
        migrations.AddField(
            model_name="firstvisitchecklist",
            name="referral",
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                       related_name="first_visit_checklist", to="referrals.referral",
                                       verbose_name="referral"),
        ),
        migrations.RunPython(attach_to_latest_referral, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="firstvisitchecklist",
            constraint=models.UniqueConstraint(condition=models.Q(("referral__isnull", True)), fields=("patient",),
                                               name="first_visit_checklist_one_without_referral"),
        ),
    ]
