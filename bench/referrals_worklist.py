"""Benchmark: the referral worklist page and API list as referrals grow, and the working-day arithmetic.

    python -m bench.referrals_worklist [--sizes 100,1000,5000] [--repeat 5]

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
    parser.add_argument("--repeat", type=int, default=5)
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
    statuses = [ReferralStatus.RECEIVED, ReferralStatus.TRIAGED, ReferralStatus.APPOINTMENT_PLANNED,
                ReferralStatus.CLOSED]

    rows = []
    made = 0
    for size in sizes:
        new = size - made
        patients = Patient.objects.bulk_create(
            Patient(hospital_number=f"B{made + i:07d}", family_name=f"Bench {made + i}",
                    date_of_birth=dt.date(1960, 1, 1))
            for i in range(new))
        referrals = []
        for i, patient in enumerate(patients):
            received = today - dt.timedelta(days=(made + i) % 30)
            status = statuses[(made + i) % len(statuses)]
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
        made = size
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        for label, url in (("worklist page", "/referrals/"), ("API list (page of 50)", "/api/v1/referrals/"),
                           ("API list ?overdue=true", "/api/v1/referrals/?overdue=true")):
            client.get(url)  # warm up
            timings = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.status_code
            rows.append((size, label, len(queries.captured_queries), statistics.median(timings), max(timings),
                         len(response.content) // 1024))

    calendar = dutch_public_holidays(range(2026, 2030))
    start = time.perf_counter()
    n = 100_000
    for i in range(n):
        add_working_days(dt.date(2026, 1, 1) + dt.timedelta(days=i % 1000), 10, calendar)
    per_call_us = (time.perf_counter() - start) / n * 1e6

    print(f"{'referrals':>9} | {'what':<24} | {'queries':>7} | {'median ms':>9} | {'max ms':>7} | {'KiB':>6}")
    print("-" * 76)
    for size, label, queries, median, worst, kib in rows:
        print(f"{size:>9} | {label:<24} | {queries:>7} | {median:>9.1f} | {worst:>7.1f} | {kib:>6}")
    print(f"\nadd_working_days(start, 10, calendar): {per_call_us:.2f} µs per call ({n} calls)")
    print(f"(repeat={repeat}; median/max over the repeats after one warm-up request; Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
