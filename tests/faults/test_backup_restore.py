"""Data safety: a pg_dump restores into an empty database with every row back; migrations run backwards.

Both use scratch databases next to the test database and drop them afterwards.
"""

import io
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from psycopg import sql

from tests.factories import ComorbidityFactory, MelanomaFactory, PatientFactory, TumourFactory, TumourMarkerFactory
from tests.faults.processes import database_url
from tests.security.routes import replay_data_migrations
from zorgpad.audit.models import AuditEvent
from zorgpad.demo_data import load_demo_data

ROOT = Path(settings.BASE_DIR)
# Apps whose migrations must run backwards (every local app); an irreversible migration needs a reason here.
IRREVERSIBLE: dict[str, str] = {}


def _admin_connection() -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
                           password=db["PASSWORD"] or None, dbname="postgres", autocommit=True)


@contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    name = f"{connection.settings_dict['NAME']}_{prefix}_{uuid.uuid4().hex[:8]}"
    with _admin_connection() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with _admin_connection() as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _tables() -> list[str]:
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            tables.add(model._meta.db_table)
    return sorted(tables)


def _fingerprint(dbname: str, tables: list[str]) -> dict[str, tuple[int, str]]:
    """Row count and a checksum of every row's content, per table."""
    db = connection.settings_dict
    with psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
                         password=db["PASSWORD"] or None, dbname=dbname) as conn:
        result = {}
        for table in tables:
            query = sql.SQL("SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') "
                            "FROM {} AS t").format(sql.Identifier(table))
            count, digest = conn.execute(query).fetchone()  # type: ignore[misc]
            result[table] = (count, digest)
        return result


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ, PGHOST=db["HOST"] or "127.0.0.1", PGPORT=str(db["PORT"] or 5432), PGUSER=db["USER"])
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


@pytest.mark.django_db(transaction=True)
def test_dump_restores_into_an_empty_database_with_every_row(tmp_path) -> None:
    replay_data_migrations()  # earlier transactional tests flushed the rows of data migrations
    load_demo_data(stdout=io.StringIO())  # every app's demo data
    patient = PatientFactory(family_name="Dumpstra", given_names="Zoë Ærin")  # non-ASCII survives
    TumourFactory(patient=patient)
    MelanomaFactory(patient=patient)
    ComorbidityFactory(patient=patient, ssc_criteria={"skin_thickening": True})
    TumourMarkerFactory(patient=patient)
    AuditEvent.objects.create(username="beheer", action="view", patient_external_id=patient.external_id)

    tables = _tables()
    source = connection.settings_dict["NAME"]
    before = _fingerprint(source, tables)
    empty = [t for t in ("patients_patient", "patients_tumour", "patients_comorbidity", "patients_tumourmarker",
                         "audit_auditevent", "auth_user", "auth_group_permissions") if before[t][0] == 0]
    assert empty == []

    dump = tmp_path / "zorgpad.dump"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source],
                   env=_pg_env(), check=True, capture_output=True, timeout=120)
    with scratch_database("restore") as target:
        restored = subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={target}", str(dump)],
                                  env=_pg_env(), capture_output=True, text=True, timeout=300)
        assert restored.returncode == 0, restored.stderr
        after = _fingerprint(target, tables)
        db = connection.settings_dict
        with psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
                             password=db["PASSWORD"] or None, dbname=target) as conn:
            trigger = conn.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_event_no_update_delete'")
            assert trigger.fetchone() == (1,)  # the audit log is append-only in the restored database too
    assert after == before


def _manage(dbname: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(DJANGO_SETTINGS_MODULE="zorgpad.settings.test",
               DATABASE_URL=database_url({**connection.settings_dict, "NAME": dbname}))
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.django_db
def test_migrations_run_backwards_and_forwards_again() -> None:
    local = [app.label for app in apps.get_app_configs()
             if Path(app.path).is_relative_to(ROOT) and "site-packages" not in Path(app.path).parts
             and (Path(app.path) / "migrations").is_dir()]
    assert {"patients", "audit"} <= set(local)
    with scratch_database("migrations") as scratch:
        forward = _manage(scratch, "migrate", "--noinput")
        assert forward.returncode == 0, forward.stderr
        for label in reversed(local):
            if label in IRREVERSIBLE:
                continue
            backward = _manage(scratch, "migrate", label, "zero", "--noinput")
            assert backward.returncode == 0, f"{label}: {backward.stderr[-2000:]}"
        again = _manage(scratch, "migrate", "--noinput")
        assert again.returncode == 0, again.stderr
        assert _manage(scratch, "migrate", "--check").returncode == 0
