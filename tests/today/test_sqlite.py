"""The start pages and the paginated referral worklist also run on the embedded default (SQLite): their sets
(a UNION for "my patients", a UNION ALL for the overdue count) are valid there too."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.sqlite

SCRIPT = """
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()  # responses carry their template context
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from tests.today.work import make_day
assert connection.vendor == "sqlite"
users = {}
for name in ("clinician", "secretary", "mdo_coordinator", "admin"):
    users[name] = User.objects.create(username=name, is_staff=name == "admin")
    users[name].groups.add(Group.objects.get(name=name))
make_day(n=3, clinician=users["clinician"], secretary=users["secretary"])
for name, url in (("clinician", "/today/clinician/"), ("clinician", "/today/clinician/?all=1"),
                  ("mdo_coordinator", "/today/coordinator/"), ("secretary", "/today/secretary/"),
                  ("admin", "/today/admin/"), ("clinician", "/referrals/")):
    client = Client()
    client.force_login(users[name])
    response = client.get(url)
    names = ("work", "triage", "biopsies", "overdue", "cases", "sessions", "late", "to_close", "letters",
             "invitations", "referrals", "phone", "decisions", "revisions")
    counts = {k: response.context[k].page.paginator.count for k in names if k in response.context}
    print("RESULT", url, response.status_code, sorted(counts.items()))
"""


def test_start_pages_and_worklist_on_sqlite(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(DJANGO_SETTINGS_MODULE="zorgpad.settings.demo", SQLITE_PATH=str(tmp_path / "db.sqlite3"),
               MEDIA_ROOT=str(tmp_path / "media"))
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=240, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = [line for line in out.stdout.splitlines() if line.startswith("RESULT")]
    assert len(lines) == 6 and all(" 200 " in line for line in lines), lines
    mine = next(line for line in lines if "/today/clinician/ " in line)
    assert "('work', 3)" in mine and "('overdue', 3)" in mine, mine
