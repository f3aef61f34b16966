import datetime as dt

import pytest
from django.utils import translation

from mdo.models import MdoType
from tests.mdo.factories import AMS, sarcoma_type


@pytest.fixture
def sarcoma(db: None) -> MdoType:
    return sarcoma_type()


@pytest.fixture
def english() -> object:
    """Service messages are asserted in English (the source strings); pages are checked in Dutch."""
    with translation.override("en"):
        yield


# Monday 2029-12-31 09:00: registration for Friday 2030-01-04 closes Wednesday 2030-01-02 16:00.
NOW = dt.datetime(2029, 12, 31, 9, 0, tzinfo=AMS)
