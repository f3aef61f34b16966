import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import factory
from django.apps import apps as django_apps

from mdo.models import MdoAttendance, MdoCase, MdoRequiredSlot, MdoSession, MdoType, SessionStatus, Specialty
from tests.factories import TumourFactory, UserFactory

AMS = ZoneInfo("Europe/Amsterdam")
_migration = importlib.import_module("mdo.migrations.0002_sarcoma_mdo_type")


def sarcoma_type() -> MdoType:
    """The sarcoma MDO the data migration ships (re-created if a transactional test flushed it)."""
    if not MdoType.objects.filter(code="sarcoma").exists():
        _migration.create_sarcoma(django_apps, None)
    return MdoType.objects.get(code="sarcoma")


SARCOMA_QUORUM = [
    ("Dr. Chirurg", Specialty.SURGICAL_ONCOLOGY), ("Dr. Internist", Specialty.MEDICAL_ONCOLOGY),
    ("Dr. Radiotherapeut", Specialty.RADIATION_ONCOLOGY), ("Dr. Radioloog", Specialty.RADIOLOGY),
    ("Dr. Patholoog", Specialty.PATHOLOGY),
]


class MdoTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MdoType
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"mdo-{n}")
    name = factory.Sequence(lambda n: f"Test-MDO {n}")
    location = "Zaal 1"
    weekday = 1
    start_time = dt.time(16, 0)
    end_time = dt.time(17, 0)
    capacity_minutes = 60

    @factory.post_generation
    def slots(self, create: bool, extracted: list[list[str]] | None, **kwargs: object) -> None:
        for position, specialties in enumerate(extracted or [], start=1):
            MdoRequiredSlot.objects.create(mdo_type=self, specialties=specialties, position=position)


class MdoSessionFactory(factory.django.DjangoModelFactory):
    """A planned sarcoma session (Friday 14:00-15:00), registration open until Wednesday 16:00 before."""

    class Meta:
        model = MdoSession

    mdo_type = factory.LazyFunction(sarcoma_type)
    original_date = factory.Sequence(lambda n: dt.date(2030, 1, 4) + dt.timedelta(weeks=n))
    date = factory.LazyAttribute(lambda o: o.original_date)
    start_time = dt.time(14, 0)
    end_time = dt.time(15, 0)
    location = "Erasmus MC"
    capacity_minutes = 60
    registration_deadline = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.date - dt.timedelta(days=2), dt.time(16, 0), tzinfo=AMS))
    status = SessionStatus.PLANNED


class MdoCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MdoCase

    session = factory.SubFactory(MdoSessionFactory)
    tumour = factory.SubFactory(TumourFactory)
    patient = factory.LazyAttribute(lambda o: o.tumour.patient)
    question = "Beleid?"
    presenting_clinician = factory.SubFactory(UserFactory)
    registered_by = factory.LazyAttribute(lambda o: o.presenting_clinician)
    minutes_needed = 10
    position = factory.Sequence(lambda n: n + 1)


class MdoAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MdoAttendance

    session = factory.SubFactory(MdoSessionFactory)
    name = factory.Sequence(lambda n: f"Dr. Aanwezig {n}")
    specialty = Specialty.PATHOLOGY
    recorded_by = factory.SubFactory(UserFactory)


def full_quorum(session: MdoSession) -> None:
    for name, specialty in SARCOMA_QUORUM:
        MdoAttendanceFactory(session=session, name=name, specialty=specialty)
