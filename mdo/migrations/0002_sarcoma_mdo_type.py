"""Every installation has the sarcoma MDO of the care pathway.

Zorgpad cutaan en subcutaan leiomyosarcoom (Erasmus MC, March 2026): "Tijdstip MDO Sarcomen - Erasmus MC:
elke vrijdag 14.00-15.00"; required at every MDO sarcomen: oncological surgeon, medical oncologist
(internist-oncoloog), radiation oncologist, radiologist and/or nuclear-medicine physician, pathologist;
dermatologists and other specialists join depending on the cases. Values are written out here (not imported)
so that this migration never changes when the code does.
"""

import datetime
import uuid

from django.db import migrations

REQUIRED = [
    ["surgical_oncology"],
    ["medical_oncology"],
    ["radiation_oncology"],
    ["radiology", "nuclear_medicine"],
    ["pathology"],
]


def create_sarcoma(apps, schema_editor):
    MdoType = apps.get_model("mdo", "MdoType")
    MdoRequiredSlot = apps.get_model("mdo", "MdoRequiredSlot")
    if MdoType.objects.filter(code="sarcoma").exists():
        return
    sarcoma = MdoType.objects.create(
        external_id=uuid.uuid4(), code="sarcoma", name="MDO sarcomen", location="Erasmus MC",
        weekday=4, interval_weeks=1, start_time=datetime.time(14, 0), end_time=datetime.time(15, 0),
        timezone="Europe/Amsterdam", capacity_minutes=60, default_minutes_per_case=10,
        deadline_days_before=2, deadline_time=datetime.time(16, 0),
        optional_specialties=["dermatology", "other"], active=True,
    )
    for position, specialties in enumerate(REQUIRED, start=1):
        MdoRequiredSlot.objects.create(mdo_type=sarcoma, specialties=specialties, position=position)


def remove_sarcoma(apps, schema_editor):
    MdoType = apps.get_model("mdo", "MdoType")
    sarcoma = MdoType.objects.filter(code="sarcoma").first()
    if sarcoma is not None and not sarcoma.sessions.exists():
        sarcoma.required_slots.all().delete()
        sarcoma.delete()


class Migration(migrations.Migration):
    dependencies = [("mdo", "0001_initial")]
    operations = [migrations.RunPython(create_sarcoma, remove_sarcoma)]
