import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from tests.quality.dataset import TODAY, Dataset, build


@pytest.fixture
def freeze_today(monkeypatch) -> Callable[[dt.date], None]:
    def freeze(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return freeze


@pytest.fixture
def data(db, freeze_today) -> Dataset:
    freeze_today(TODAY)
    return build()
