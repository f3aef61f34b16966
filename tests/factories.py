import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth.models import Group, User

from zorgpad.accounts.roles import Role
from zorgpad.patients.models import (
    Comorbidity,
    ComorbidityKind,
    Depth,
    Diagnosis,
    Grade,
    Laterality,
    MarkerKind,
    Patient,
    Tumour,
    TumourMarker,
)

VALID_BSNS = ["111222333", "123456782", "999999990"]


def valid_bsn(n: int) -> str:
    """A distinct BSN for every n: prefix 2n or 2n+1 (owned by n), plus the check digit of the 11-check."""
    for prefix in (20000000 + 2 * n, 20000000 + 2 * n + 1):
        total = sum(w * int(d) for w, d in zip(range(9, 1, -1), str(prefix), strict=True))
        if total % 11 < 10:  # the two prefixes differ by weight 2, so one of them always has a digit
            return f"{prefix}{total % 11}"
    raise AssertionError("unreachable")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def role(self, create: bool, extracted: Role | None, **kwargs: object) -> None:
        if extracted:
            self.groups.add(Group.objects.get(name=extracted.value))
        self.save()


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    hospital_number = factory.Sequence(lambda n: f"{5000000 + n}")
    bsn = factory.Sequence(valid_bsn)
    family_name = factory.Sequence(lambda n: f"Testpersoon{n}")
    given_names = "Jan"
    initials = "J."
    date_of_birth = dt.date(1960, 5, 1)
    sex = "M"
    street = "Dorpsstraat 1"
    postal_code = "3015 GD"
    city = "Rotterdam"
    gp_name = "dr. H. Huisarts"
    gp_practice = "Praktijk Centrum"
    gp_street = "Plein 2"
    gp_postal_code = "3011 AB"
    gp_city = "Rotterdam"


class TumourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tumour

    patient = factory.SubFactory(PatientFactory)
    diagnosis = Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA
    body_site = "bovenbeen"
    body_site_region = "lower_extremity"
    laterality = Laterality.LEFT
    depth = Depth.SUBCUTIS
    largest_diameter_cm = Decimal("6.0")
    grade = Grade.G2
    n_category = "N0"
    m_category = "M0"
    date_of_diagnosis = dt.date(2025, 11, 1)


class MelanomaFactory(TumourFactory):
    diagnosis = Diagnosis.CUTANEOUS_MELANOMA
    depth = Depth.DERMIS
    largest_diameter_cm = None
    grade = ""
    breslow_mm = Decimal("2.6")
    ulceration = False
    n_category = "N2b"


class ComorbidityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comorbidity

    patient = factory.SubFactory(PatientFactory)
    kind = ComorbidityKind.SYSTEMIC_SCLEROSIS
    description = "Systemische sclerose"
    onset_date = dt.date(2026, 7, 1)


class TumourMarkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TumourMarker

    patient = factory.SubFactory(PatientFactory)
    marker = MarkerKind.S100B
    measured_on = dt.date(2026, 6, 1)
    value = Decimal("0.10")
    unit = "ug/L"
