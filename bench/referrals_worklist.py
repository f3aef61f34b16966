"""Benchmark: the referral worklist page and API list as open referrals grow, and the working-day arithmetic.

    python -m bench.referrals_worklist [--sizes 100,1000,5000] [--repeat 20]

Each size is a number of OPEN referrals (received / triaged / appointment planned in turn), with a third as many
closed ones beside them and a quarter of the patients with a biopsy result waiting. The worklist page shows one
page (25) of each section. The floor is `GET /healthz` through the same client and middleware in the same run (one
`SELECT 1`): what any request costs on this machine at that moment.

Runs against PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/zorgpad) in a throw-away database
named by BENCH_DATABASE_NAME (default bench_zp_referrals), created and dropped here. Prints one table.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgpad.settings.test")
    os.environ["TEST_DATABASE_NAME"] = os.environ.get("BENCH_DATABASE_NAME", "bench_zp_referrals")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        run(sizes, args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(sizes: list[int], repeat: int) -> None:
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from referrals.models import Destination, FirstVisitChecklist, Phase, Referral, ReferralStatus
    from referrals.rules.working_days import add_working_days, due_date, dutch_public_holidays
    from zorgpad.patients.models import Patient

    user = User.objects.create_user("bench-clinician", password="x")
    user.groups.add(Group.objects.get(name="clinician"))
    client = Client()
    client.force_login(user)
    today = timezone.localdate()
    open_statuses = [ReferralStatus.RECEIVED, ReferralStatus.TRIAGED, ReferralStatus.APPOINTMENT_PLANNED]

    rows = []
    made = serial = 0
    for size in sizes:
        new = size - made + (size - made) // 3  # the open ones, and a third as many closed
        patients = Patient.objects.bulk_create(
            Patient(hospital_number=f"B{serial + i:07d}", family_name=f"Bench {serial + i}",
                    date_of_birth=dt.date(1960, 1, 1))
            for i in range(new))
        referrals = []
        for i, patient in enumerate(patients):
            received = today - dt.timedelta(days=(made + i) % 30)
            status = open_statuses[(made + i) % 3] if i < size - made else ReferralStatus.CLOSED
            referrals.append(Referral(
                patient=patient, referrer_kind="gp", referrer_name="dr. Bench", received_on=received,
                reason="bench", phase=Phase.SUSPICIOUS_LESION, external_biopsy=False, status=status,
                triage_due_on=due_date(received, 2), registered_by=user,
                destination="" if status == ReferralStatus.RECEIVED else Destination.DERMATOLOGY_CLINIC))
        Referral.objects.bulk_create(referrals)
        FirstVisitChecklist.objects.bulk_create(
            FirstVisitChecklist(patient=p, biopsy_needed=True, biopsy_taken_on=today - dt.timedelta(days=i % 20),
                                result_due_on=due_date(today - dt.timedelta(days=i % 20), 10), updated_by=user)
            for i, p in enumerate(patients[: new // 4]))
        made, serial = size, serial + new
        assert Referral.objects.exclude(status=ReferralStatus.CLOSED).count() == size
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        for label, url in (("floor: GET /healthz", "/healthz"), ("worklist page", "/referrals/"),
                           ("worklist page 2 of triage", "/referrals/?triage_page=2"),
                           ("API list (page of 50)", "/api/v1/referrals/"),
                           ("API list ?overdue=true", "/api/v1/referrals/?overdue=true")):
            client.get(url)  # warm up
            timings = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.status_code
            timings.sort()
            p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
            rows.append((size, label, len(queries.captured_queries), statistics.median(timings), p95,
                         len(response.content) / 1024))

    calendar = dutch_public_holidays(range(2026, 2030))
    start = time.perf_counter()
    n = 100_000
    for i in range(n):
        add_working_days(dt.date(2026, 1, 1) + dt.timedelta(days=i % 1000), 10, calendar)
    per_call_us = (time.perf_counter() - start) / n * 1e6

    print(f"{'open':>6} | {'what':<26} | {'queries':>7} | {'median ms':>9} | {'p95 ms':>7} | {'KiB':>6}")
    print("-" * 77)
    for size, label, n_queries, median, p95, kib in rows:
        print(f"{size:>6} | {label:<26} | {n_queries:>7} | {median:>9.1f} | {p95:>7.1f} | {kib:>6.1f}")
    print(f"\nadd_working_days(start, 10, calendar): {per_call_us:.2f} µs per call ({n} calls)")
    print(f"(repeat={repeat}; median/p95 over the repeats after one warm-up request; Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
