"""Two coordinators take the last free slot at the same moment: exactly one gets it (real PostgreSQL).

The race is made deterministic: the first registration pauses after its capacity check, inside its
transaction, until the second one is either blocked by the row lock (pg_stat_activity shows it waiting
for a lock: correct) or has passed its own capacity check too (no lock: both would insert and overbook).
Without the SELECT ... FOR UPDATE on the session row this test fails.
"""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.db.models import Sum

from mdo import services
from mdo.models import MdoCase
from tests.factories import TumourFactory
from tests.mdo.conftest import NOW
from tests.mdo.factories import MdoCaseFactory, MdoSessionFactory, sarcoma_type
from zorgpad.accounts.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return bool(cursor.fetchone()[0])


def _run(workers: list[threading.Thread]) -> None:
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert not any(w.is_alive() for w in workers)


def test_two_coordinators_cannot_both_take_the_last_slot(make_user, monkeypatch) -> None:
    sarcoma_type()
    session = MdoSessionFactory(original_date=dt.date(2030, 1, 4))
    for _ in range(5):
        MdoCaseFactory(session=session, minutes_needed=10)
    coordinators = [make_user(Role.MDO_COORDINATOR) for _ in range(2)]
    presenter = make_user(Role.CLINICIAN)  # only a clinician presents a case
    tumours = [TumourFactory(), TumourFactory()]

    real_next_position = services._next_position
    past_check: list[str] = []
    second_past_check = threading.Event()
    guard = threading.Lock()

    def next_position_after_a_pause(locked_session):  # called after the capacity check, before the insert
        with guard:
            past_check.append(threading.current_thread().name)
            first = len(past_check) == 1
        if first:
            for _ in range(500):  # at most ~5 s, normally a few milliseconds
                if second_past_check.is_set() or _someone_waits_for_a_lock():
                    break
                second_past_check.wait(0.01)
        else:
            second_past_check.set()
        return real_next_position(locked_session)

    monkeypatch.setattr(services, "_next_position", next_position_after_a_pause)
    results: dict[str, object] = {}
    start = threading.Barrier(2)

    def register(index: int) -> None:
        try:
            start.wait()
            services.mdo_case_register(session=session, tumour=tumours[index], question="Laatste plek?",
                                       presenting_clinician=presenter, user=coordinators[index], now=NOW)
            results[f"c{index}"] = "registered"
        except services.RegistrationRefused as exc:
            results[f"c{index}"] = exc.refusal_code
        finally:
            connection.close()

    _run([threading.Thread(target=register, args=(i,), name=f"c{i}") for i in range(2)])

    assert sorted(results.values()) == ["capacity", "registered"]
    assert past_check == [name for name, outcome in results.items() if outcome == "registered"]
    booked = MdoCase.objects.filter(session=session).aggregate(total=Sum("minutes_needed"))["total"]
    assert (booked, MdoCase.objects.filter(session=session).count()) == (60, 6)


def test_many_registrations_at_once_fill_exactly_the_free_minutes(make_user) -> None:
    sarcoma_type()
    session = MdoSessionFactory(original_date=dt.date(2030, 1, 4))
    for _ in range(4):
        MdoCaseFactory(session=session, minutes_needed=10)  # 20 minutes left
    users = [make_user(Role.MDO_COORDINATOR) for _ in range(6)]
    presenter = make_user(Role.CLINICIAN)  # only a clinician presents a case
    tumours = [TumourFactory() for _ in range(6)]
    outcomes: list[str] = []
    start = threading.Barrier(6)

    def register(index: int) -> None:
        try:
            start.wait()
            services.mdo_case_register(session=session, tumour=tumours[index], question="Plek?",
                                       presenting_clinician=presenter, user=users[index], now=NOW)
            outcomes.append("registered")
        except services.RegistrationRefused as exc:
            outcomes.append(exc.refusal_code)
        finally:
            connection.close()

    _run([threading.Thread(target=register, args=(i,)) for i in range(6)])
    assert sorted(outcomes) == ["capacity"] * 4 + ["registered"] * 2
    assert MdoCase.objects.filter(session=session).aggregate(total=Sum("minutes_needed"))["total"] == 60
