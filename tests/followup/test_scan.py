import datetime as dt
import threading

import pytest
from django.db import connection

from followup import reminder_services, services
from followup.models import Letter, OverdueAlert, Visit
from tests.followup.factories import lms_tumour

pytestmark = pytest.mark.django_db


def _plans(user, n: int, **kwargs):  # type: ignore[no-untyped-def]
    return [services.followup_plan_build(tumour=lms_tumour(**kwargs), user=user) for _ in range(n)]


def test_running_the_scan_twice_creates_each_reminder_once(clinician) -> None:
    _plans(clinician, 3)
    first = reminder_services.reminder_scan(today=dt.date(2026, 5, 20))
    # Baseline MRI (window closed 2026-04-15) -> overdue; 6-month visit (invite from 2026-06-03) not yet.
    assert (first.invitations, first.alerts) == (0, 3)
    second = reminder_services.reminder_scan(today=dt.date(2026, 5, 20))
    assert (second.invitations, second.alerts) == (0, 0)
    assert OverdueAlert.objects.count() == 3
    third = reminder_services.reminder_scan(today=dt.date(2026, 6, 3))
    assert third.invitations == 3
    assert reminder_services.reminder_scan(today=dt.date(2026, 6, 3)).invitations == 0
    assert Letter.objects.filter(kind="invitation").count() == 3
    assert OverdueAlert.objects.count() == 3


@pytest.mark.parametrize(
    ("surgery", "due", "today", "invited_sequences", "overdue_sequences"),
    [
        # Leap year: 2027-08-31 + 6 months = 2028-02-29; window 2028-02-01..2028-03-28; invite from 2028-01-18.
        pytest.param(dt.date(2027, 8, 31), dt.date(2028, 2, 29), dt.date(2028, 1, 17), [], [1],
                     id="leap: day before invite_from 2028-01-18"),
        pytest.param(dt.date(2027, 8, 31), dt.date(2028, 2, 29), dt.date(2028, 1, 18), [2], [1],
                     id="leap: first day of the invitation window"),
        pytest.param(dt.date(2027, 8, 31), dt.date(2028, 2, 29), dt.date(2028, 3, 28), [2], [1],
                     id="leap: last day of the window (29 Feb + 28 days)"),
        pytest.param(dt.date(2027, 8, 31), dt.date(2028, 2, 29), dt.date(2028, 3, 29), [], [1, 2],
                     id="leap: first day after the window -> overdue, not invited"),
        # Common year: 2025-08-31 + 6 months = 2026-02-28; invite from 2026-01-17; window ends 2026-03-28.
        pytest.param(dt.date(2025, 8, 31), dt.date(2026, 2, 28), dt.date(2026, 1, 16), [], [1],
                     id="common: day before invite_from 2026-01-17"),
        pytest.param(dt.date(2025, 8, 31), dt.date(2026, 2, 28), dt.date(2026, 1, 17), [2], [1],
                     id="common: first day of the invitation window"),
        pytest.param(dt.date(2025, 8, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 29), [], [1, 2],
                     id="common: first day after the window"),
    ],
)
def test_window_and_overdue_around_month_ends(clinician, surgery, due, today, invited_sequences,
                                              overdue_sequences) -> None:
    plan = services.followup_plan_build(tumour=lms_tumour(date_of_surgery=surgery), user=clinician)
    assert plan.visits.get(sequence=2).due_date == due
    reminder_services.reminder_scan(today=today)
    invited = sorted(Letter.objects.filter(kind="invitation").values_list("visit__sequence", flat=True))
    overdue = sorted(OverdueAlert.objects.values_list("visit__sequence", flat=True))
    assert (invited, overdue) == (invited_sequences, overdue_sequences)


def test_done_and_booked_visits_are_not_reminded(clinician) -> None:
    plan = _plans(clinician, 1)[0]
    baseline = plan.visits.get(sequence=1)
    services.visit_transition(visit=baseline, to="done", user=clinician, done_on=dt.date(2026, 3, 1))
    second = plan.visits.get(sequence=2)
    services.visit_transition(visit=second, to="booked", user=clinician)
    result = reminder_services.reminder_scan(today=dt.date(2026, 6, 20))
    assert (result.invitations, result.alerts) == (0, 0)
    # Booked but still not done after its window -> overdue.
    assert reminder_services.reminder_scan(today=dt.date(2026, 8, 13)).alerts == 1


def test_the_scan_runs_a_constant_number_of_queries(clinician, django_assert_max_num_queries) -> None:
    _plans(clinician, 2)
    with django_assert_max_num_queries(12) as small:
        reminder_services.reminder_scan(today=dt.date(2026, 6, 20))
    _plans(clinician, 20)
    with django_assert_max_num_queries(12) as large:
        reminder_services.reminder_scan(today=dt.date(2026, 6, 21))
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scans_create_each_reminder_once(make_user) -> None:
    from zorgpad.accounts.roles import Role

    clinician = make_user(Role.CLINICIAN)
    _plans(clinician, 15)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            reminder_services.reminder_scan(today=dt.date(2026, 6, 20))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Letter.objects.filter(kind="invitation").count() == 15
    assert OverdueAlert.objects.count() == 15
    assert Visit.objects.filter(status="planned").count() == 15 * 11


def test_the_invitation_query_uses_the_partial_index(clinician) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + reminder_services._invitation_sql(),
                       ["2026-06-20 00:00+00", "2026-06-20", "2026-06-20"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "followup_visit_to_invite" in plan
