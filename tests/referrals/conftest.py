import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path: Path) -> None:
    # Uploaded letters go to a private temporary directory per test.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def freeze_today(monkeypatch) -> Callable[[dt.date], None]:
    """Pin timezone.localdate() (used for 'not in the future' and 'overdue') to a given day."""

    def freeze(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return freeze
