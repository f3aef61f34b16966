"""The data migration patients 0005 splits lowercase prefixes off existing family names and lists the rest."""

import importlib

import pytest
from django.apps import apps

from tests.factories import PatientFactory
from zorgpad.patients.models import Patient

pytestmark = pytest.mark.django_db

migration = importlib.import_module("zorgpad.patients.migrations.0005_patient_dutch_names")


def _stored(patient: Patient) -> tuple[str, str]:
    patient.refresh_from_db()
    return patient.family_name_prefix, patient.family_name


def test_migration_splits_known_prefixes_and_lists_what_it_could_not_split(capsys) -> None:
    # Rows as they were before the migration: the whole family name in one field (no full_clean here).
    meer = PatientFactory.build(family_name="van der Meer", hospital_number="4200001")
    hof = PatientFactory.build(family_name="in 't Hof", hospital_number="4200002")
    belgian = PatientFactory.build(family_name="Van Damme", hospital_number="4200003")
    abbreviated = PatientFactory.build(family_name="v.d. Berg", hospital_number="4200004")
    plain = PatientFactory.build(family_name="Jansen", hospital_number="4200005")
    already = PatientFactory.build(family_name_prefix="de", family_name="Wit", hospital_number="4200006")
    for patient in (meer, hof, belgian, abbreviated, plain, already):
        patient.save()

    migration.split_prefixes(apps, None)

    assert [_stored(p) for p in (meer, hof, belgian, abbreviated, plain, already)] == [
        ("van der", "Meer"), ("in 't", "Hof"), ("", "Van Damme"), ("", "v.d. Berg"), ("", "Jansen"), ("de", "Wit")]
    printed = capsys.readouterr().out
    assert "not split into prefix and name (2)" in printed
    assert "4200003: 'Van Damme'" in printed
    assert "4200004: 'v.d. Berg'" in printed
    assert "Jansen" not in printed


def test_migration_backwards_joins_the_prefix_again() -> None:
    patient = PatientFactory(family_name_prefix="van der", family_name="Meer")
    migration.join_prefixes(apps, None)
    assert _stored(patient) == ("", "van der Meer")
