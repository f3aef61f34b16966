"""The reminder scan's SQL also runs on the embedded default (SQLite)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.sqlite

SCRIPT = """
import datetime as dt, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth.models import Group, User
from django.db import connection
from followup import reminder_services, services
from followup.models import Letter, OverdueAlert
from tests.factories import TumourFactory
assert connection.vendor == "sqlite"
user = User.objects.create(username="arts")
user.groups.add(Group.objects.get(name="clinician"))
# The centre recorded its baseline-MRI window (the pathway leaves it open): the plans schedule the MRI.
from django.utils import timezone
from zorgpad.pathway.models import CentreDecision
CentreDecision.objects.create(key="lms.followup.baseline-mri-window-months", value="3", basis="werkafspraak",
                              decided_by=user, decided_at=timezone.now())
for _ in range(3):
    services.followup_plan_build(tumour=TumourFactory(date_of_surgery=dt.date(2026, 1, 15), margin="R0"), user=user)
first = reminder_services.reminder_scan(today=dt.date(2026, 6, 5))
second = reminder_services.reminder_scan(today=dt.date(2026, 6, 5))
print("RESULT", first.invitations, first.alerts, second.invitations, second.alerts,
      Letter.objects.filter(kind="invitation").count(), OverdueAlert.objects.count(),
      len(Letter.objects.first().external_id.hex))
"""


def test_scan_on_sqlite_is_idempotent(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(DJANGO_SETTINGS_MODULE="zorgpad.settings.demo", SQLITE_PATH=str(tmp_path / "db.sqlite3"),
               MEDIA_ROOT=str(tmp_path / "media"))
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=240, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    line = next(line for line in out.stdout.splitlines() if line.startswith("RESULT"))
    assert line.split()[1:] == ["3", "3", "0", "0", "3", "3", "32"]
