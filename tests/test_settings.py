import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env},
                          capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_secret_key_and_hosts() -> None:
    result = _manage("check", DJANGO_SETTINGS_MODULE="zorgpad.settings.production")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
    result = _manage("check", DJANGO_SETTINGS_MODULE="zorgpad.settings.production",
                     DJANGO_SECRET_KEY=secrets.token_urlsafe(60))
    assert "DJANGO_ALLOWED_HOSTS must list" in result.stderr


def test_production_check_deploy_has_no_warnings() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING",
                     DJANGO_SETTINGS_MODULE="zorgpad.settings.production",
                     DJANGO_SECRET_KEY=secrets.token_urlsafe(60), DJANGO_ALLOWED_HOSTS="zorgpad.example.org")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_load_demo_data_refuses_to_run_under_production_settings(tmp_path: Path) -> None:
    """Finding (issue 14): load_demo_data created a superuser with the public demo password in production."""
    import sqlite3

    database = tmp_path / "production.sqlite3"
    url = f"sqlite:///{database}"
    migrated = _manage("migrate", "--no-input", DJANGO_SETTINGS_MODULE="zorgpad.settings.demo", DATABASE_URL=url)
    assert migrated.returncode == 0, migrated.stderr
    with sqlite3.connect(database) as db:
        users_before = db.execute("SELECT count(*) FROM auth_user").fetchone()[0]
    result = _manage("load_demo_data", DJANGO_SETTINGS_MODULE="zorgpad.settings.production", DATABASE_URL=url,
                     DJANGO_SECRET_KEY=secrets.token_urlsafe(60), DJANGO_ALLOWED_HOSTS="zorgpad.example.org")
    assert result.returncode == 1
    assert "CommandError: Demo data is refused under zorgpad.settings.production" in result.stderr
    assert "zorgpad-demo" not in result.stdout + result.stderr
    with sqlite3.connect(database) as db:
        counts = [db.execute("SELECT count(*) FROM auth_user").fetchone()[0],
                  db.execute("SELECT count(*) FROM patients_patient").fetchone()[0]]
    assert counts == [users_before, 0]


def test_a_web_worker_freezes_what_it_loaded_at_startup() -> None:
    """zorgpad.wsgi imports every view and moves the startup heap out of the garbage collector's sight
    (zorgpad.startup): a full collection no longer walks Django and the pathways on a request."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env = {**base, "DJANGO_SETTINGS_MODULE": "zorgpad.settings.production",
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(60), "DJANGO_ALLOWED_HOSTS": "zorgpad.example.org"}
    code = ("import gc, sys; before = gc.get_freeze_count(); import zorgpad.wsgi; "
            "print(before, gc.get_freeze_count(), 'mdo.views_session' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    before, frozen, views_loaded = result.stdout.split()
    assert int(before) == 0 and int(frozen) > 10_000 and views_loaded == "True", result.stderr
