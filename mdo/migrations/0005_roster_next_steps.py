"""MDO: a roster of expected members per MDO type, attendance ticked from it, and several next steps per decision.

The single `next_step` of every decision and amendment becomes a one-item `next_steps` list (none when it was
empty); going back keeps the first step.
"""

import django.db.models.deletion
import mdo.models
from django.db import migrations, models


MODELS = ("MdoDecision", "MdoDecisionAmendment")


def single_step_to_list(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("mdo", name)
        for row in model.objects.exclude(next_step="").only("pk", "next_step"):
            model.objects.filter(pk=row.pk).update(next_steps=[row.next_step])


def list_to_single_step(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("mdo", name)
        for row in model.objects.only("pk", "next_steps"):
            model.objects.filter(pk=row.pk).update(next_step=(row.next_steps or [""])[0])


class Migration(migrations.Migration):

    dependencies = [
        ('mdo', '0004_feed_token_digest'),
    ]

    operations = [
        migrations.AddField(
            model_name='mdodecision',
            name='next_steps',
            field=models.JSONField(blank=True, default=list, validators=[mdo.models.validate_next_steps], verbose_name='next steps'),
        ),
        migrations.AddField(
            model_name='mdodecisionamendment',
            name='next_steps',
            field=models.JSONField(blank=True, default=list, validators=[mdo.models.validate_next_steps], verbose_name='next steps'),
        ),
        migrations.RunPython(single_step_to_list, list_to_single_step),
        migrations.RemoveField(
            model_name='mdodecision',
            name='next_step',
        ),
        migrations.RemoveField(
            model_name='mdodecisionamendment',
            name='next_step',
        ),
        migrations.CreateModel(
            name='MdoRosterMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=150, verbose_name='name')),
                ('specialty', models.CharField(choices=[('surgical_oncology', 'oncological surgeon'), ('medical_oncology', 'medical oncologist'), ('radiation_oncology', 'radiation oncologist'), ('radiology', 'radiologist'), ('nuclear_medicine', 'nuclear-medicine physician'), ('pathology', 'pathologist'), ('dermatology', 'dermatologist'), ('plastic_surgery', 'plastic surgeon'), ('head_and_neck_surgery', 'head and neck surgeon'), ('rheumatology', 'rheumatologist'), ('clinical_genetics', 'clinical geneticist'), ('nurse_specialist', 'nurse specialist'), ('other', 'other specialist')], max_length=30, verbose_name='specialty')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('active', models.BooleanField(default=True, verbose_name='active')),
                ('mdo_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='roster_members', to='mdo.mdotype')),
            ],
            options={
                'verbose_name': 'roster member',
                'verbose_name_plural': 'roster of expected members',
                'ordering': ['position', 'id'],
            },
        ),
        migrations.AddField(
            model_name='mdoattendance',
            name='roster_member',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='mdo.mdorostermember', verbose_name='roster member'),
        ),
        migrations.AddConstraint(
            model_name='mdorostermember',
            constraint=models.UniqueConstraint(fields=('mdo_type', 'name', 'specialty'), name='mdo_roster_member_once', violation_error_message='This person is already on the roster.'),
        ),
    ]
