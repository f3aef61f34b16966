"""Scheduled jobs started twice at the same moment (beat firing while someone runs the command by hand, or two
beat instances) create nothing twice: the daily reminder scan and MDO session generation, on real PostgreSQL.

Each job runs first alone (the reference), its output is removed, then it runs twice at once in two threads with
their own database connections. The race is made deterministic: each run is held just before its INSERT until
the other one has reached the same point, so both have decided what is missing before either writes. Only the
database (unique constraints + ON CONFLICT DO NOTHING) can then keep the rows single; without those constraints
both runs insert everything and these tests fail.
"""

import datetime as dt
import io
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from followup import reminder_services
from followup import services as followup_services
from followup.models import Letter, OverdueAlert
from mdo import services as mdo_services
from mdo.models import MdoSession
from tests.followup.conftest import ensure_default_template, record_baseline_mri_window
from tests.followup.factories import SURGERY, PatientFactory, lms_tumour
from tests.mdo.factories import sarcoma_type
from zorgpad.accounts.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = dt.date(2026, 9, 1)


def _twice_at_once(run: Callable[[], Any], rendezvous: threading.Barrier) -> list[Any]:
    """`run` in two threads started together; each closes its own database connection."""
    start = threading.Barrier(2)
    results: list[Any] = [None, None]
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            start.wait(timeout=30)
            results[index] = run()
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)
            rendezvous.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,), name=f"job-{i}") for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    assert not errors, errors
    return results


def _rows(model: Any, *fields: str) -> list[tuple[Any, ...]]:
    return sorted(model.objects.values_list(*fields))


def test_two_reminder_scans_at_once_queue_every_letter_and_alert_once(make_user, monkeypatch) -> None:
    ensure_default_template()
    record_baseline_mri_window("3")  # the centre has recorded the window the pathway leaves open
    clinician = make_user(Role.CLINICIAN)
    # Operated 0..5 months apart: on TODAY some visits are inside their invitation window, some are overdue.
    for i in range(24):
        tumour = lms_tumour(patient=PatientFactory(family_name=f"Scan{i:02d}"),
                                     date_of_surgery=SURGERY - dt.timedelta(days=30 * (i % 6)))
        followup_services.followup_plan_build(tumour=tumour, user=clinician)

    alone = reminder_services.reminder_scan(today=TODAY)
    letters = _rows(Letter, "kind", "plan_id", "visit_id", "due_date")
    alerts = _rows(OverdueAlert, "visit_id", "window_end")
    assert alone.invitations > 0 and alone.alerts > 0  # the race below has something to duplicate
    Letter.objects.filter(kind="invitation").delete()
    OverdueAlert.objects.all().delete()

    rendezvous = threading.Barrier(2)
    real_sql = reminder_services._invitation_sql

    def invitation_sql_after_the_other_run_got_here() -> str:  # inside the scan's transaction, before its INSERT
        rendezvous.wait(timeout=30)
        return real_sql()

    monkeypatch.setattr(reminder_services, "_invitation_sql", invitation_sql_after_the_other_run_got_here)
    results = _twice_at_once(lambda: reminder_services.reminder_scan(today=TODAY), rendezvous)

    assert _rows(Letter, "kind", "plan_id", "visit_id", "due_date") == letters
    assert _rows(OverdueAlert, "visit_id", "window_end") == alerts
    per_key = Letter.objects.values("plan_id", "kind", "visit_id", "due_date").annotate(n=Count("id"))
    assert not per_key.filter(n__gt=1).exists()
    # Between them the two runs report exactly what one run reported (nothing counted twice).
    assert sum(r.invitations for r in results) == alone.invitations
    assert sum(r.alerts for r in results) == alone.alerts


def test_two_session_generations_at_once_create_every_session_once(monkeypatch) -> None:
    sarcoma_type()
    args = ["mdo_generate_sessions", "--from=2026-11-01", "--until=2027-12-31"]  # the real command
    call_command(*args, stdout=io.StringIO())
    sessions = _rows(MdoSession, "mdo_type_id", "original_date", "date", "status", "note")
    assert len(sessions) > 52 and any(s[3] == "cancelled" for s in sessions)  # Christmas Day 2026 is a Friday
    MdoSession.objects.all().delete()

    rendezvous = threading.Barrier(2)
    real_bulk_create = MdoSession.objects.bulk_create

    def bulk_create_after_the_other_run_got_here(objs: Any, **kwargs: Any) -> Any:  # after the "existing" check
        rendezvous.wait(timeout=30)
        return real_bulk_create(objs, **kwargs)

    monkeypatch.setattr(mdo_services.MdoSession.objects, "bulk_create", bulk_create_after_the_other_run_got_here)
    outputs = _twice_at_once(lambda: call_command(*args, stdout=io.StringIO()), rendezvous)

    assert outputs == [None, None]
    assert _rows(MdoSession, "mdo_type_id", "original_date", "date", "status", "note") == sessions
    assert not MdoSession.objects.values("mdo_type_id", "original_date").annotate(n=Count("id")).filter(
        n__gt=1).exists()
