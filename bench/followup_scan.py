"""Benchmark: the daily reminder scan over 100k plans / 1.1M visits on PostgreSQL.

    python -m bench.followup_scan [--plans 100000]

Builds the data with generate_series in a separate database (zorgpad_bench_followup), created and dropped
here. Prints: data size, end-to-end scan time (first run, which queues the backlog, and the steady-state
daily run), the selection query's own time, and EXPLAIN (ANALYZE) of both selections (index scans).
"""

import argparse
import datetime as dt
import statistics
import time

from bench._followup_db import bench_database

GENERATE = """
INSERT INTO patients_patient (external_id, hospital_number, bsn, family_name, given_names, initials, date_of_birth,
    sex, street, postal_code, city, gp_name, gp_practice, gp_street, gp_postal_code, gp_city, date_of_death,
    created_at, updated_at)
SELECT gen_random_uuid(), 'B' || lpad(i::text, 9, '0'), '', 'Bench' || i, '', 'B.', DATE '1955-01-01' + (i % 9000),
    'U', 'Straat 1', '3000 AA', 'Rotterdam', 'dr. Huisarts', 'Praktijk', 'Plein 1', '3000 AB', 'Rotterdam',
    CASE WHEN i % 1000 = 0 THEN %(today)s::date - 10 END, now(), now()
FROM generate_series(1, %(n)s) AS i;

INSERT INTO patients_tumour (external_id, patient_id, diagnosis, diagnosis_other, body_site, laterality, depth,
    grade, n_category, m_category, date_of_diagnosis, date_of_surgery, pathology_source, revision_status, margin,
    status, notes, created_at, updated_at)
SELECT gen_random_uuid(), p.id, 'subcutaneous_leiomyosarcoma', '', 'romp', 'left', 'subcutis', 'G2', 'N0', 'M0',
    %(today)s::date - 30 - (p.id % 1800)::int, %(today)s::date - (p.id % 1800)::int, 'own', 'not_needed', 'R0',
    CASE WHEN p.id % 997 = 0 THEN 'recurrence' ELSE 'follow_up' END, '', now(), now()
FROM patients_patient p;

INSERT INTO followup_followupplan (external_id, patient_id, tumour_id, template_id, status, reason, explicit_template,
    anchor_date, ends_on, responsible_clinician_id, stop_reason, stopped_at, created_by_id, created_at)
SELECT gen_random_uuid(), t.patient_id, t.id, %(template)s, 'active', 'bench', false, t.date_of_surgery,
    (t.date_of_surgery + interval '60 months')::date, NULL, '', NULL, NULL, now()
FROM patients_tumour t;

-- 11 visits per plan: the baseline MRI (3 months) and 10 routine visits (6..60 months).
WITH v AS (
    SELECT p.id AS plan_id, k,
        CASE WHEN k = 0 THEN (p.anchor_date + interval '3 months')::date
             ELSE (p.anchor_date + make_interval(months => 6 * k))::date END AS due,
        p.anchor_date
    FROM followup_followupplan p CROSS JOIN generate_series(0, 10) AS k
)
INSERT INTO followup_visit (external_id, plan_id, sequence, kind, items, due_date, window_start, window_end,
    invite_from, status, outcome_note, done_on, cancel_reason, updated_at)
SELECT gen_random_uuid(), plan_id, k + 1, CASE WHEN k = 0 THEN 'baseline' ELSE 'routine' END,
    CASE WHEN k = 0 THEN '["mri"]'::jsonb ELSE '["clinical_examination", "chest_xray"]'::jsonb END,
    due, CASE WHEN k = 0 THEN anchor_date ELSE due - 28 END, CASE WHEN k = 0 THEN due ELSE due + 28 END,
    CASE WHEN k = 0 THEN greatest(anchor_date, due - 42) ELSE due - 42 END,
    -- history: visits whose window closed were done, except 1 in 40 (those become overdue alerts)
    CASE WHEN (CASE WHEN k = 0 THEN due ELSE due + 28 END) < %(today)s::date AND (plan_id + k) % 40 <> 0
         THEN 'done' ELSE 'planned' END,
    '', NULL, '', now()
FROM v;
ANALYZE;
"""

# The SELECT parts of the scan's two INSERT ... SELECT ... ON CONFLICT DO NOTHING statements.
SELECT_INVITE = """
SELECT v.id FROM followup_visit v JOIN followup_followupplan p ON p.id = v.plan_id
WHERE v.status = 'planned' AND v.invite_from <= %s AND v.window_end >= %s AND p.status = 'active'
"""
SELECT_OVERDUE = """
SELECT v.id FROM followup_visit v JOIN followup_followupplan p ON p.id = v.plan_id
WHERE v.status IN ('planned', 'invited', 'booked') AND v.window_end < %s AND p.status = 'active'
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=100_000)
    args = parser.parse_args()
    with bench_database("zorgpad_bench_followup"):
        import django

        django.setup()
        from django.db import connection

        from followup import reminder_services
        from followup.models import FollowUpPlan, Letter, OverdueAlert, PlanTemplate, Visit

        today = dt.date(2026, 11, 23)
        template = PlanTemplate.objects.get(key="lms-subcutaneous", is_current=True)
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(GENERATE.replace("%(n)s", str(args.plans)).replace("%(template)s", str(template.pk))
                           .replace("%(today)s", f"'{today.isoformat()}'"))
        build = time.perf_counter() - t0
        plans, visits = FollowUpPlan.objects.count(), Visit.objects.count()
        open_visits = Visit.objects.filter(status="planned").count()

        statements: list[tuple[float, str]] = []

        def record(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                statements.append((time.perf_counter() - start, " ".join(sql.split())[:110]))

        def timed_scan() -> tuple[float, object]:
            start = time.perf_counter()
            result = reminder_services.reminder_scan(today=today)
            return time.perf_counter() - start, result

        with connection.execute_wrapper(record):
            first_time, first = timed_scan()
        slowest = sorted(statements, reverse=True)[:5]
        second_time, second = timed_scan()
        daily = [timed_scan()[0] for _ in range(3)]
        letters, alerts = Letter.objects.count(), OverdueAlert.objects.count()

        def selection_time(sql: str, params: list) -> float:
            runs = []
            with connection.cursor() as cursor:
                for _ in range(5):
                    start = time.perf_counter()
                    cursor.execute(sql, params)
                    cursor.fetchall()
                    runs.append(time.perf_counter() - start)
            return statistics.median(runs)

        sel_invite = selection_time(SELECT_INVITE, [today, today])
        sel_overdue = selection_time(SELECT_OVERDUE, [today])
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + SELECT_INVITE, [today, today])
            explain_invite = "\n".join(r[0] for r in cursor.fetchall())
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + SELECT_OVERDUE, [today])
            explain_overdue = "\n".join(r[0] for r in cursor.fetchall())

        print("\nFollow-up reminder scan benchmark (PostgreSQL, generate_series data)")
        print(f"{'plans':<46}{plans:>12,}")
        print(f"{'visits':<46}{visits:>12,}")
        print(f"{'open (planned) visits':<46}{open_visits:>12,}")
        print(f"{'data build (generate_series + ANALYZE)':<46}{build:>11.1f} s")
        print(f"{'scan 1, end to end (queues the backlog)':<46}{first_time:>11.3f} s   {first}")
        print(f"{'scan 2, end to end (same day: nothing new)':<46}{second_time:>11.3f} s   {second}")
        print(f"{'daily scan, median of 3 further runs':<46}{statistics.median(daily):>11.3f} s")
        print(f"{'selection query: invitations (median of 5)':<46}{sel_invite * 1000:>11.1f} ms")
        print(f"{'selection query: overdue (median of 5)':<46}{sel_overdue * 1000:>11.1f} ms")
        print(f"{'letters / alerts after all scans':<46}{letters:>12,} / {alerts:,}")
        print(f"\nscan 1: {len(statements)} statements; slowest:")
        for seconds, sql in slowest:
            print(f"  {seconds * 1000:9.1f} ms  {sql}")
        print("\nEXPLAIN ANALYZE, invitation selection:\n" + explain_invite)
        print("\nEXPLAIN ANALYZE, overdue selection:\n" + explain_overdue)
        assert "followup_visit_to_invite" in explain_invite, "the invitation selection does not use its index"


if __name__ == "__main__":
    main()
