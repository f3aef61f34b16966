import pytest
from django.core.files.storage import default_storage


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Generated PDFs go to a per-test folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    default_storage.__dict__.pop("base_location", None)
    default_storage.__dict__.pop("location", None)
    yield


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """Service messages are asserted in English (the source strings); Dutch is checked where it matters."""
    from django.utils import translation

    with translation.override("en"):
        yield


def ensure_default_template() -> None:
    """Transactional tests (ours and other apps') flush the database, data migrations included: put the shipped
    default template back exactly as the data migration creates it."""
    import importlib

    from django.apps import apps

    importlib.import_module("followup.migrations.0002_default_lms_template").create(apps, None)
    importlib.import_module("followup.migrations.0007_baseline_mri_window_is_a_centre_decision").forwards(apps, None)


@pytest.fixture(autouse=True)
def _default_template(request):  # type: ignore[no-untyped-def]
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("django_db_blocker")
        ensure_default_template()


def record_baseline_mri_window(months: str = "3") -> None:
    """The centre has recorded its baseline-MRI window (the pathway leaves it open): these tests schedule with it."""
    from django.utils import timezone

    from tests.factories import UserFactory
    from zorgpad.pathway.models import CentreDecision
    from zorgpad.pathways.lms_2026_03.definition import BASELINE_MRI_WINDOW

    CentreDecision.objects.create(key=BASELINE_MRI_WINDOW, value=months, basis="Werkafspraak sarcoomteam",
                                  decided_by=UserFactory(), decided_at=timezone.now())


@pytest.fixture(autouse=True)
def _baseline_mri_window(request):  # type: ignore[no-untyped-def]
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("django_db_blocker")
        record_baseline_mri_window()
