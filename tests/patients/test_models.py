import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.factories import MelanomaFactory, PatientFactory, TumourFactory
from zorgpad.patients import services
from zorgpad.patients.models import Diagnosis, Patient, Tumour

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    # The UI speaks Dutch; these tests read the English source messages.
    with translation.override("en"):
        yield

TOMORROW = dt.date.today() + dt.timedelta(days=2)


def _patient_data(**overrides: object) -> dict:
    data = {"hospital_number": "1234567", "family_name_prefix": "de", "family_name": "Vries",
            "date_of_birth": dt.date(1950, 1, 1),
            "sex": "F", "bsn": "111222333"}
    data.update(overrides)
    return data


def test_patient_create_saves_and_normalises_postal_code(clinician) -> None:
    patient = services.patient_create(user=clinician, **_patient_data(postal_code="3015gd"))
    assert Patient.objects.get(pk=patient.pk).postal_code == "3015 GD"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"bsn": "123456789"}, "bsn", "11-check"),
        ({"date_of_birth": TOMORROW}, "date_of_birth", "future"),
        ({"hospital_number": "ab"}, "hospital_number", "4 to 20"),
        ({"postal_code": "12345"}, "postal_code", "3015 GD"),
        ({"date_of_death": dt.date(1949, 1, 1)}, "date_of_death", "before the date of birth"),
    ],
)
def test_patient_invalid_input_is_refused_and_nothing_saved(clinician, overrides, field, message) -> None:
    with pytest.raises(ValidationError) as exc:
        services.patient_create(user=clinician, **_patient_data(**overrides))
    assert message in " ".join(exc.value.message_dict[field])
    assert Patient.objects.count() == 0


def test_duplicate_hospital_number_and_bsn_refused(clinician) -> None:
    services.patient_create(user=clinician, **_patient_data())
    with pytest.raises(ValidationError) as exc:
        services.patient_create(user=clinician, **_patient_data(bsn="123456782"))
    assert "hospital_number" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.patient_create(user=clinician, **_patient_data(hospital_number="7654321"))
    assert "bsn" in exc.value.message_dict
    assert Patient.objects.count() == 1


def test_blank_bsn_allowed_for_many_patients(clinician) -> None:
    services.patient_create(user=clinician, **_patient_data(bsn=""))
    services.patient_create(user=clinician, **_patient_data(bsn="", hospital_number="7654321"))
    assert Patient.objects.filter(bsn="").count() == 2


def _tumour_data(**overrides: object) -> dict:
    data = {"diagnosis": Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA, "body_site": "bovenbeen", "laterality": "left",
            "depth": "subcutis", "largest_diameter_cm": Decimal("6.0"), "grade": "G2",
            "date_of_diagnosis": dt.date(2025, 1, 1)}
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"largest_diameter_cm": Decimal("-1")}, "largest_diameter_cm", "greater than zero"),
        ({"largest_diameter_cm": Decimal("0")}, "largest_diameter_cm", "greater than zero"),
        ({"breslow_mm": Decimal("1.2")}, "breslow_mm", "melanoma only"),
        ({"ulceration": True}, "ulceration", "melanoma only"),
        ({"date_of_diagnosis": TOMORROW}, "date_of_diagnosis", "future"),
        ({"date_of_diagnosis": dt.date(1940, 1, 1)}, "date_of_diagnosis", "before the patient's date of birth"),
        ({"diagnosis": Diagnosis.OTHER}, "diagnosis_other", "Describe the diagnosis"),
        ({"pathology_source": "own", "revision_status": "requested"}, "revision_status", "from elsewhere"),
        ({"grade": "G4"}, "grade", "not a valid choice"),
    ],
)
def test_tumour_nonsense_refused_and_nothing_saved(clinician, overrides, field, message) -> None:
    patient = PatientFactory(date_of_birth=dt.date(1950, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.tumour_create(patient=patient, user=clinician, **_tumour_data(**overrides))
    assert message in " ".join(exc.value.message_dict[field])
    assert Tumour.objects.count() == 0


def test_one_patient_with_two_tumours() -> None:
    patient = PatientFactory()
    TumourFactory(patient=patient)
    MelanomaFactory(patient=patient)
    assert patient.tumours.count() == 2


def test_melanoma_accepts_breslow_and_ulceration(clinician) -> None:
    patient = PatientFactory()
    tumour = services.tumour_create(
        patient=patient, user=clinician,
        **_tumour_data(diagnosis=Diagnosis.CUTANEOUS_MELANOMA, largest_diameter_cm=None, grade="",
                       breslow_mm=Decimal("4.05"), ulceration=True),
    )
    assert tumour.breslow_mm == Decimal("4.05")
    assert tumour.ulceration is True


def test_marker_tumour_must_belong_to_the_patient(clinician) -> None:
    other_tumour = TumourFactory()
    patient = PatientFactory()
    with pytest.raises(ValidationError) as exc:
        services.marker_create(patient=patient, user=clinician, tumour=other_tumour, marker="S100B",
                               measured_on=dt.date(2026, 1, 1), value=Decimal("0.1"), unit="µg/L")
    assert "another patient" in " ".join(exc.value.message_dict["tumour"])


def test_update_hooks_run_in_the_same_transaction_and_can_refuse(clinician) -> None:
    from zorgpad.patients import hooks

    patient = PatientFactory()
    seen = []

    def refuse_death(*, patient, changed, user) -> None:
        seen.append(changed)
        raise ValidationError({"date_of_death": "refused by hook"})

    hooks.on_patient_updated(refuse_death)
    try:
        with pytest.raises(ValidationError):
            services.patient_update(patient=patient, user=clinician, date_of_death=dt.date(2026, 1, 1))
    finally:
        hooks._patient_updated.remove(refuse_death)
    assert seen == [["date_of_death"]]
    patient.refresh_from_db()
    assert patient.date_of_death is None
