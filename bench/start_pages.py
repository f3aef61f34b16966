"""Benchmark: the start page of each role ("Vandaag") at 100 and at 10,000 patients.

    python -m bench.start_pages [--sizes 100,10000] [--repeat 20]

Runs against PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/zorgpad) in a throw-away database
named by BENCH_DATABASE_NAME (default bench_zp_start_pages), created and dropped here. Every patient has an operated
subcutaneous leiomyosarcoma with its open pathway items and a follow-up plan; one in EVERY (`--every`, default 20;
`--every 1` is the stress case where every patient is on every list) also has a referral waiting for triage and a
triaged one, an overdue visit, a visit to invite with its letter queued and a visit invited 30 days ago, and a
quarter of those a biopsy result to discuss; one in 25 a case on one of the ten coming MDO sessions,
registered after the deadline (40 a session at 10,000 patients, as in bench.load_zorgpad); 1 % deceased). The
clinician "owns" a tenth of the patients (responsible clinician, presenter, triage). Prints queries, median and p95
per page, beside the floor: `GET /healthz` through the same client and middleware in the same run.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,10000")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--every", type=int, default=20,
                        help="one patient in EVERY has work on the event lists (1: every patient, the stress case)")
    parser.add_argument("--slowest", type=int, default=0, help="print this many slowest queries of each page")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgpad.settings.test")
    os.environ["TEST_DATABASE_NAME"] = os.environ.get("BENCH_DATABASE_NAME", "bench_zp_start_pages")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        run(sizes, args.repeat, args.slowest, args.every)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _users() -> dict[str, Any]:
    from django.contrib.auth.models import Group, User

    users = {}
    for role in ("clinician", "mdo_coordinator", "secretary", "admin"):
        user = User.objects.create_user(f"bench-{role}", password="x", is_staff=role == "admin")
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    users["colleague"] = User.objects.create_user("bench-collega", password="x")
    users["colleague"].groups.add(Group.objects.get(name="clinician"))
    return users


def seed(*, start: int, count: int, users: dict[str, Any], sessions: list[Any], every: int) -> None:
    """`count` more patients (set-based: bulk inserts), each with a tumour and its open pathway items and a follow-up
    plan; one in `every` with the referrals, the follow-up visits and letters and the biopsy result of the lists."""
    from django.utils import timezone

    from followup.models import AlertStatus, FollowUpPlan, Letter, LetterKind, LetterStatus, OverdueAlert, Visit
    from mdo.models import MdoCase
    from referrals.models import FirstVisitChecklist, Phase, Referral, ReferralStatus, ReferralTransition
    from zorgpad.pathway.models import PathwayItem
    from zorgpad.pathway.selectors import tumour_decision
    from zorgpad.pathways.vocabulary import Kind
    from zorgpad.patients.models import Depth, Diagnosis, Margin, Patient, Tumour

    today, now = timezone.localdate(), timezone.now()
    clinician, secretary = users["clinician"], users["secretary"]
    days = dt.timedelta
    patients = Patient.objects.bulk_create(
        Patient(hospital_number=f"S{start + i:07d}", family_name=f"Werk{start + i:05d}", initials="A.",
                date_of_birth=dt.date(1950 + i % 40, 1 + i % 12, 1 + i % 28), sex="MF"[i % 2],
                date_of_death=today - days(30) if i % 100 == 99 else None)
        for i in range(count))
    tumours = Tumour.objects.bulk_create(
        Tumour(patient=p, diagnosis=Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA, body_site="bovenbeen", laterality="left",
               depth=Depth.SUBCUTIS, largest_diameter_cm=4, grade="2", margin=Margin.R0,
               date_of_diagnosis=today - days(230), date_of_surgery=today - days(215), status="follow_up")
        for p in patients)
    decision = tumour_decision(tumour=Tumour.objects.select_related("patient").get(pk=tumours[0].pk), today=today)
    assert decision.pathway is not None
    codes = [r.code for r in decision.recommendations if r.kind is Kind.RECOMMENDATION]
    PathwayItem.objects.bulk_create(
        PathwayItem(tumour=t, code=code, pathway_id=decision.pathway.id, version=decision.pathway.version,
                    fingerprint="bench", changed_at=now) for t in tumours for code in codes)
    mine = [i % 10 == 0 for i in range(count)]
    Referral.objects.bulk_create(
        Referral(patient=p, referrer_kind="gp", referrer_name="dr. Bench", received_on=today - days(3), reason="b",
                 phase=Phase.SUSPICIOUS_LESION, external_biopsy=False, status=ReferralStatus.RECEIVED,
                 triage_due_on=today - days(i % 3), registered_by=secretary)
        for i, p in enumerate(patients) if i % every == 0)
    triaged = Referral.objects.bulk_create(
        Referral(patient=p, referrer_kind="gp", referrer_name="dr. Bench", received_on=today - days(9), reason="b",
                 phase=Phase.SUSPICIOUS_LESION, external_biopsy=False, status=ReferralStatus.TRIAGED,
                 triage_due_on=today - days(7), registered_by=secretary, destination="dermatology_clinic")
        for i, p in enumerate(patients) if i % every == 0)
    ReferralTransition.objects.bulk_create(
        ReferralTransition(referral=r, from_status="received", to_status="triaged",
                           by=clinician if mine[i * every] else secretary) for i, r in enumerate(triaged))
    FirstVisitChecklist.objects.bulk_create(
        FirstVisitChecklist(patient=p, biopsy_needed=True, biopsy_taken_on=today - days(16),
                            result_due_on=today - days(2 - i % 5), updated_by=clinician)
        for i, p in enumerate(patients) if i % (4 * every) == 0)
    plans = FollowUpPlan.objects.bulk_create(
        FollowUpPlan(patient=p, tumour=t, anchor_date=t.date_of_surgery, created_by=clinician,
                     responsible_clinician=clinician if mine[i] else None)
        for i, (p, t) in enumerate(zip(patients, tumours, strict=True)))

    def visit(plan: Any, sequence: int, due: dt.date, status: str = "planned") -> Any:
        return Visit(plan=plan, sequence=sequence, kind="routine", due_date=due, status=status,
                     window_start=due - days(28), window_end=due + days(28), invite_from=due - days(42))

    listed = [p for i, p in enumerate(plans) if i % every == 0]
    overdue = Visit.objects.bulk_create(visit(p, 1, today - days(35)) for p in listed)
    to_invite = Visit.objects.bulk_create(visit(p, 2, today + days(20)) for p in listed)
    invited = Visit.objects.bulk_create(visit(p, 3, today + days(10), "invited") for p in listed)
    Visit.objects.bulk_create(visit(p, 1, today + days(120)) for i, p in enumerate(plans) if i % every != 0)
    OverdueAlert.objects.bulk_create(
        OverdueAlert(visit=v, plan=v.plan, clinician=v.plan.responsible_clinician, window_end=v.window_end,
                     status=AlertStatus.OPEN, created_at=now) for v in overdue)
    Letter.objects.bulk_create(
        Letter(kind=LetterKind.INVITATION, patient=v.plan.patient, plan=v.plan, visit=v, due_date=v.due_date,
               created_at=now) for v in to_invite)
    Letter.objects.bulk_create(
        Letter(kind=LetterKind.INVITATION, patient=v.plan.patient, plan=v.plan, visit=v, due_date=v.due_date,
               status=LetterStatus.PRINTED, created_at=now - days(31), printed_at=now - days(30),
               printed_by=secretary) for v in invited)
    cases = MdoCase.objects.bulk_create(
        MdoCase(session=sessions[i % len(sessions)], patient=p, tumour=t, question="Beleid?", minutes_needed=1,
                presenting_clinician=clinician if mine[i] else users["colleague"], registered_by=clinician,
                position=start + i)
        for i, (p, t) in enumerate(zip(patients, tumours, strict=True)) if i % 25 == 0)
    MdoCase.objects.filter(pk__in=[c.pk for c in cases]).update(registered_at=now)


def _sessions() -> list[Any]:
    """Ten coming sarcoma sessions (registration closed for the first) and twenty past ones still planned."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from mdo.models import MdoSession, MdoType

    today = timezone.localdate()
    sarcoma = MdoType.objects.get(code="sarcoma")
    ams = ZoneInfo("Europe/Amsterdam")

    def session(day: dt.date) -> Any:
        return MdoSession(mdo_type=sarcoma, original_date=day, date=day, start_time=dt.time(14), end_time=dt.time(15),
                          capacity_minutes=60, registration_deadline=dt.datetime.combine(
                              day - dt.timedelta(days=2), dt.time(16), tzinfo=ams))

    coming = MdoSession.objects.bulk_create(session(today + dt.timedelta(days=1 + 7 * k)) for k in range(10))
    MdoSession.objects.bulk_create(session(today - dt.timedelta(days=3 + 7 * k)) for k in range(20))
    return coming


def run(sizes: list[int], repeat: int, slowest: int = 0, every: int = 20) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from zorgpad.patients.models import Patient

    users = _users()
    sessions = _sessions()
    clients = {}
    for role, user in users.items():
        if role == "colleague":
            continue
        clients[role] = Client()
        clients[role].force_login(user)
    pages = (("floor: GET /healthz", "clinician", "/healthz"),
             ("clinician, my patients", "clinician", "/today/clinician/"),
             ("clinician, all patients", "clinician", "/today/clinician/?all=1"),
             ("clinician, all, page 3", "clinician", "/today/clinician/?all=1&p_items=3&p_triage=3"),
             ("MDO coordinator", "mdo_coordinator", "/today/coordinator/"),
             ("secretary", "secretary", "/today/secretary/"),
             ("admin", "admin", "/today/admin/"))
    rows = []
    made = 0
    for size in sizes:
        started = time.perf_counter()
        seed(start=made, count=size - made, users=users, sessions=sessions, every=every)
        made = size
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        seeded = time.perf_counter() - started
        for label, role, url in pages:
            client = clients[role]
            client.get(url)  # warm up
            timings = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:slowest]:
                print(f"{size} {label}: {float(query['time']) * 1000:.1f} ms {query['sql'][:600]}", file=sys.stderr)
            timings.sort()
            p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
            rows.append((Patient.objects.count(), label, len(queries.captured_queries), statistics.median(timings),
                         p95, len(response.content) / 1024))
        print(f"seeded {size} patients in {seeded:.1f} s", file=sys.stderr)

    print(f"{'patients':>8} | {'page':<26} | {'queries':>7} | {'median ms':>9} | {'p95 ms':>7} | {'KiB':>6}")
    print("-" * 79)
    for size, label, n_queries, median, p95, kib in rows:
        print(f"{size:>8} | {label:<26} | {n_queries:>7} | {median:>9.1f} | {p95:>7.1f} | {kib:>6.1f}")
    print(f"(one patient in {every} with work on the event lists; "
          f"repeat={repeat}; median/p95 over the repeats after one warm-up request; Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
