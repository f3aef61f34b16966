"""Fast seeding of the load-test database with set-based SQL (generate_series), one part per capability.

Each capability registers a seeder with `@seeder(order)`; it gets a psycopg cursor and the scale and
must insert its rows in a few statements (no per-row round trips): patients and tumours, a year of weekly MDO
sessions (40 cases on the upcoming one), follow-up plans with 100,000 visits, and stage assessments.
"""

from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from psycopg import sql


@dataclass(frozen=True)
class Scale:
    patients: int = 10_000
    tumours: int = 25_000
    mdo_weeks: int = 52
    followup_visits: int = 100_000


Seeder = Callable[[psycopg.Cursor, Scale], str]
SEEDERS: list[tuple[int, str, Seeder]] = []


def seeder(order: int) -> Callable[[Seeder], Seeder]:
    def register(fn: Seeder) -> Seeder:
        SEEDERS.append((order, fn.__name__, fn))
        SEEDERS.sort(key=lambda item: item[0])
        return fn

    return register


FAMILY_NAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer",
    "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
    "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "de Haan", "Vermeulen", "Schouten",
]
GIVEN_NAMES = [
    "Jan", "Anna", "Pieter", "Maria", "Kees", "Johanna", "Willem", "Fenna", "Henk", "Yasmin", "Ahmed", "Noor",
]
SITES = ["onderbeen", "bovenbeen", "romp", "onderarm", "bovenarm", "schouder", "rug", "hoofd-hals"]


@seeder(10)
def seed_patients_and_tumours(cursor: psycopg.Cursor, scale: Scale) -> str:
    """Patients with address and GP; tumours spread over them (2-3 each), leiomyosarcoma and melanoma."""
    cursor.execute(
        """
        INSERT INTO patients_patient (external_id, hospital_number, bsn, family_name, given_names, initials,
            date_of_birth, sex, street, postal_code, city, gp_name, gp_practice, gp_street, gp_postal_code, gp_city,
            name_usage, created_at, updated_at)
        SELECT gen_random_uuid(), (6000000 + n)::text, '',
               (%(family)s::text[])[1 + n %% cardinality(%(family)s::text[])] || ' ' || (n / 300)::text,
               (%(given)s::text[])[1 + n %% cardinality(%(given)s::text[])],
               left((%(given)s::text[])[1 + n %% cardinality(%(given)s::text[])], 1) || '.',
               date '1935-01-01' + (n * 7919 %% 25000),
               CASE WHEN n %% 2 = 0 THEN 'M' ELSE 'F' END,
               'Dorpsstraat ' || (n %% 200 + 1), '3015 GD', 'Rotterdam',
               'dr. H. Huisarts', 'Praktijk Centrum', 'Plein 2', '3011 AB', 'Rotterdam', 'NL1', now(), now()
        FROM generate_series(1, %(n)s) AS n
        """,
        {"family": FAMILY_NAMES, "given": GIVEN_NAMES, "n": scale.patients},
    )
    cursor.execute(
        """
        WITH p AS (SELECT id, date_of_birth, row_number() OVER (ORDER BY id) - 1 AS i FROM patients_patient)
        INSERT INTO patients_tumour (external_id, patient_id, diagnosis, diagnosis_other, body_site, laterality,
            depth, largest_diameter_cm, grade, breslow_mm, ulceration, n_category, m_category, date_of_diagnosis,
            pathology_source, revision_status, margin, status, notes, created_at, updated_at, body_site_region)
        SELECT gen_random_uuid(), p.id,
               CASE WHEN t %% 3 = 0 THEN 'cutaneous_melanoma' ELSE 'subcutaneous_leiomyosarcoma' END, '',
               (%(sites)s::text[])[1 + t %% cardinality(%(sites)s::text[])], 'left',
               CASE WHEN t %% 3 = 0 THEN 'dermis' ELSE 'subcutis' END,
               CASE WHEN t %% 3 = 0 THEN NULL ELSE 1 + (t %% 90) / 10.0 END,
               CASE WHEN t %% 3 = 0 THEN '' ELSE 'G2' END,
               CASE WHEN t %% 3 = 0 THEN 0.5 + (t %% 40) / 10.0 END,
               CASE WHEN t %% 3 = 0 THEN false END,
               'N0', 'M0', greatest(p.date_of_birth + 7000, date '2020-01-01') + (t %% 1500),
               'own', 'not_needed', '', 'follow_up', '', now(), now(),
               CASE WHEN t %% 3 = 0 THEN 'trunk' ELSE 'lower_extremity' END
        FROM generate_series(0, %(n)s - 1) AS t
        JOIN p ON p.i = t %% %(patients)s
        """,
        {"sites": SITES, "n": scale.tumours, "patients": scale.patients},
    )
    return f"{scale.patients:,} patients, {scale.tumours:,} tumours"


def _seed_user(cursor: psycopg.Cursor) -> int:
    """An inactive user who registered the seeded cases, visits and assessments (no one logs in as it)."""
    cursor.execute("SELECT id FROM auth_user WHERE username = 'load-seed'")
    if row := cursor.fetchone():
        return int(row[0])
    cursor.execute(
        "INSERT INTO auth_user (username, password, is_superuser, first_name, last_name, email, is_staff, is_active, "
        "date_joined) VALUES ('load-seed', '!', false, 'Load', 'Seed', '', false, false, now()) RETURNING id"
    )
    return int(cursor.fetchone()[0])  # type: ignore[index]


AGENDA_CASES = 40  # cases on the upcoming session (the agenda page of the benchmark)
CASES_PER_PAST_SESSION = 12
ATTENDEES = ["surgical_oncology", "medical_oncology", "radiation_oncology", "radiology", "pathology"]


@seeder(20)
def seed_mdo(cursor: psycopg.Cursor, scale: Scale) -> str:
    """A year of weekly sarcoma MDO sessions (held ones with attendance and discussed cases), the upcoming one
    with 40 registered cases."""
    user = _seed_user(cursor)
    weeks_ahead = 6
    cursor.execute(
        """
        WITH t AS (SELECT id, weekday, start_time, end_time, location, deadline_days_before, deadline_time, timezone,
                          current_date + ((weekday - (extract(isodow FROM current_date)::int - 1)) + 7) %% 7 AS first
                   FROM mdo_mdotype WHERE code = 'sarcoma')
        INSERT INTO mdo_mdosession (external_id, mdo_type_id, original_date, date, start_time, end_time, location,
            capacity_minutes, registration_deadline, status, note, is_holiday, move_reason, created_at, updated_at)
        SELECT gen_random_uuid(), t.id, t.first + 7 * k, t.first + 7 * k, t.start_time, t.end_time, t.location,
               CASE WHEN k = 0 THEN %(agenda_minutes)s ELSE 180 END,
               ((t.first + 7 * k - t.deadline_days_before) + t.deadline_time) AT TIME ZONE t.timezone,
               CASE WHEN k < 0 THEN 'held' ELSE 'planned' END, '', false, '', now(), now()
        FROM t, generate_series(%(weeks_ahead)s - %(weeks)s + 1, %(weeks_ahead)s) AS k
        """,
        {"weeks": scale.mdo_weeks, "weeks_ahead": weeks_ahead, "agenda_minutes": AGENDA_CASES * 10},
    )
    # Cases: 40 on the upcoming session, 12 on every held one; distinct sarcoma tumours per session.
    cursor.execute(
        """
        WITH s AS (SELECT id, date, status, row_number() OVER (ORDER BY date) AS i,
                          date = min(date) FILTER (WHERE date >= current_date) OVER () AS upcoming
                   FROM mdo_mdosession),
             tu AS (SELECT id, patient_id, row_number() OVER (ORDER BY id) AS j FROM patients_tumour
                    WHERE diagnosis = 'subcutaneous_leiomyosarcoma'),
             c AS (SELECT s.id AS session_id, s.status, s.upcoming, n,
                          1 + (s.i * 50 + n) %% (SELECT count(*) FROM tu) AS j
                   FROM s CROSS JOIN LATERAL generate_series(1, CASE WHEN s.upcoming THEN %(agenda)s
                        WHEN s.status = 'held' THEN %(past)s ELSE 0 END) AS n)
        INSERT INTO mdo_mdocase (external_id, session_id, patient_id, tumour_id, question, presenting_clinician_id,
            referrer_name, referrer_organisation, minutes_needed, imaging, position, status, registered_by_id,
            registered_at, override_reason, withdrawn_reason, updated_at)
        SELECT gen_random_uuid(), c.session_id, tu.patient_id, tu.id,
               'Subcutaan leiomyosarcoom, R1-resectie. Re-excisie of postoperatieve radiotherapie?', %(user)s,
               '', '', 10, 'available', c.n,
               CASE WHEN c.status = 'held' THEN 'discussed' ELSE 'registered' END, %(user)s, now(), '', '', now()
        FROM c JOIN tu ON tu.j = c.j
        """,
        {"agenda": AGENDA_CASES, "past": CASES_PER_PAST_SESSION, "user": user},
    )
    cases = cursor.rowcount
    cursor.execute(
        """
        INSERT INTO mdo_mdoattendance (external_id, session_id, name, specialty, recorded_by_id, recorded_at)
        SELECT gen_random_uuid(), s.id, 'dr. ' || initcap(replace(sp, '_', ' ')), sp, %(user)s, now()
        FROM mdo_mdosession s CROSS JOIN unnest(%(specialties)s::text[]) AS sp
        WHERE s.status = 'held'
        """,
        {"user": user, "specialties": ATTENDEES},
    )
    return f"{scale.mdo_weeks} MDO sessions, {cases:,} cases, {cursor.rowcount:,} attendances"


VISITS_PER_PLAN = 10


@seeder(30)
def seed_followup(cursor: psycopg.Cursor, scale: Scale) -> str:
    """Follow-up plans (the leiomyosarcoma template) with 10 half-yearly visits each: done in the past,
    planned ahead."""
    user = _seed_user(cursor)
    plans = scale.followup_visits // VISITS_PER_PLAN
    cursor.execute(
        """
        INSERT INTO followup_followupplan (external_id, patient_id, tumour_id, template_id, status, reason,
            explicit_template, anchor_date, ends_on, stop_reason, created_at, created_by_id, responsible_clinician_id,
            dermatologist_checks, baseline_windows, pathway_id, pathway_version)
        SELECT gen_random_uuid(), t.patient_id, t.id, (SELECT id FROM followup_plantemplate WHERE is_current
               ORDER BY id LIMIT 1), 'active', '', false, t.date_of_diagnosis,
               t.date_of_diagnosis + interval '5 years', '', now(), %(user)s, %(user)s, false, '[]'::jsonb, 'lms',
               '2026-03'
        FROM patients_tumour t WHERE t.diagnosis = 'subcutaneous_leiomyosarcoma' ORDER BY t.id LIMIT %(plans)s
        """,
        {"plans": plans, "user": user},
    )
    cursor.execute(
        """
        INSERT INTO followup_visit (external_id, plan_id, sequence, kind, items, due_date, window_start, window_end,
            invite_from, status, outcome_note, done_on, cancel_reason, updated_at)
        SELECT gen_random_uuid(), p.id, k, CASE WHEN k = 0 THEN 'baseline' ELSE 'routine' END,
               CASE WHEN k = 0 THEN '["mri"]'::jsonb ELSE '["clinical_examination", "chest_xray"]'::jsonb END,
               d.due, d.due - 28, d.due + 28, d.due - 42,
               CASE WHEN d.due < current_date THEN 'done' ELSE 'planned' END, '',
               CASE WHEN d.due < current_date THEN d.due END, '', now()
        FROM followup_followupplan p CROSS JOIN generate_series(0, %(n)s - 1) AS k
        CROSS JOIN LATERAL (SELECT (p.anchor_date + CASE WHEN k = 0 THEN interval '2 months'
                                    ELSE make_interval(months => 6 * k) END)::date AS due) AS d
        """,
        {"n": VISITS_PER_PLAN},
    )
    return f"{plans:,} follow-up plans, {cursor.rowcount:,} visits"


@seeder(40)
def seed_stage_assessments(cursor: psycopg.Cursor, scale: Scale) -> str:
    """A pathological stage for two of every three tumours (AJCC 8: STS by size with G2 N0 M0; melanoma by
    Breslow without ulceration, N0 M0), so that patient pages show stages."""
    user = _seed_user(cursor)
    cursor.execute(
        """
        WITH st AS (
            SELECT id, diagnosis = 'cutaneous_melanoma' AS mel, largest_diameter_cm AS size, breslow_mm AS breslow,
                   CASE WHEN diagnosis = 'cutaneous_melanoma' THEN
                            CASE WHEN breslow_mm < 0.8 THEN 'T1a' WHEN breslow_mm <= 1.0 THEN 'T1b'
                                 WHEN breslow_mm <= 2.0 THEN 'T2a' WHEN breslow_mm <= 4.0 THEN 'T3a' ELSE 'T4a' END
                        ELSE CASE WHEN largest_diameter_cm <= 5 THEN 'T1' WHEN largest_diameter_cm <= 10 THEN 'T2'
                                  WHEN largest_diameter_cm <= 15 THEN 'T3' ELSE 'T4' END END AS t
            FROM patients_tumour WHERE id %% 3 <> 0)
        INSERT INTO staging_stageassessment (external_id, tumour_id, system, classification, inputs, t, n, m, grade,
            stage, missing, explanation, assessed_by_id, assessed_at)
        SELECT gen_random_uuid(), st.id,
               CASE WHEN mel THEN 'ajcc8-melanoma' ELSE 'ajcc8-sts-trunk-extremities' END, 'pathological',
               CASE WHEN mel THEN jsonb_build_object('breslow_mm', breslow::text, 'ulceration', false, 'n', 'N0',
                                                     'm', 'M0')
                    ELSE jsonb_build_object('size_cm', size::text, 'grade', 'G2', 'n', 'N0', 'm', 'M0') END,
               st.t, 'N0', 'M0', CASE WHEN mel THEN '' ELSE 'G2' END,
               CASE WHEN mel THEN CASE st.t WHEN 'T1a' THEN 'IA' WHEN 'T1b' THEN 'IA' WHEN 'T2a' THEN 'IB'
                                            WHEN 'T3a' THEN 'IIA' ELSE 'IIB' END
                    ELSE CASE st.t WHEN 'T1' THEN 'II' WHEN 'T2' THEN 'IIIA' ELSE 'IIIB' END END,
               '[]'::jsonb, '[]'::jsonb, %(user)s, now()
        FROM st
        """,
        {"user": user},
    )
    return f"{cursor.rowcount:,} stage assessments"


# Columns added to the models after a seeder was written: the value their model field defaults to, as a database
# default in this throw-away database, so that a new NOT NULL text, yes/no or list column does not break the seed.
# Other types (and JSON columns whose empty value is an object) must be named by the seeder that fills the table.
_EMPTY_BY_TYPE = {"character varying": "''", "text": "''", "boolean": "false", "jsonb": "'[]'"}


def _default_new_columns(cursor: psycopg.Cursor) -> None:
    cursor.execute(
        """SELECT table_name, column_name, data_type FROM information_schema.columns
           WHERE table_schema = 'public' AND is_nullable = 'NO' AND column_default IS NULL
             AND data_type = ANY(%s)""", (list(_EMPTY_BY_TYPE),))
    for table, column, data_type in cursor.fetchall():
        cursor.execute(sql.SQL("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT " + _EMPTY_BY_TYPE[data_type]).format(
            sql.Identifier(table), sql.Identifier(column)))


@seeder(50)
def seed_quality(cursor: psycopg.Cursor, scale: Scale) -> str:
    """Waiting times (issue 17): a seen referral per patient (first visit 3-17 days after receipt, triaged 0-3
    days after), 2 % of patients with a referral still waiting; pathway items of every leiomyosarcoma (the MDO
    item done, deviated or open), a recorded start of treatment 2-8 weeks after the diagnosis; the follow-up plans
    on the pathway; and the demo centre's norms."""
    user = _seed_user(cursor)
    cursor.execute(
        """
        WITH p AS (SELECT patient_id, min(date_of_diagnosis) AS dx, row_number() OVER (ORDER BY patient_id) AS n
                   FROM patients_tumour GROUP BY patient_id)
        INSERT INTO referrals_referral (external_id, patient_id, referrer_kind, referrer_name, referrer_organisation,
            referrer_agb, received_on, urgency, reason, phase, tertiary_route, external_biopsy, letter, letter_name,
            status, triage_due_on, destination, destination_overridden, appointment_on, first_visit_on,
            registered_by_id, created_at, updated_at)
        SELECT gen_random_uuid(), p.patient_id, 'gp', 'dr. H. Huisarts', '', '', r.received, 'routine', 'zwelling',
               'sarcoma', '', false, '', '', 'seen', r.received + 2, 'surgical_oncology_clinic', false,
               r.received + 3 + (p.n %% 15)::int, r.received + 3 + (p.n %% 15)::int, %(user)s, now(), now()
        FROM p CROSS JOIN LATERAL (SELECT p.dx - 20 - (p.n %% 10)::int AS received) AS r
        """,
        {"user": user},
    )
    referrals = cursor.rowcount
    cursor.execute(
        """
        INSERT INTO referrals_referral (external_id, patient_id, referrer_kind, referrer_name, referrer_organisation,
            referrer_agb, received_on, urgency, reason, phase, tertiary_route, external_biopsy, letter, letter_name,
            status, triage_due_on, destination, destination_overridden, registered_by_id, created_at, updated_at)
        SELECT gen_random_uuid(), id, 'gp', 'dr. H. Huisarts', '', '', current_date - (id %% 21)::int, 'routine',
               'zwelling', 'sarcoma', '', false, '', '', 'triaged', current_date - (id %% 21)::int + 2,
               'surgical_oncology_clinic', false, %(user)s, now(), now()
        FROM patients_patient WHERE id %% 50 = 0
        """,
        {"user": user},
    )
    referrals += cursor.rowcount
    cursor.execute(
        """
        INSERT INTO referrals_referraltransition (referral_id, from_status, to_status, reason, by_id, at)
        SELECT id, 'received', 'triaged', '', %(user)s, (received_on + (id %% 4)::int)::timestamp + interval '10 hours'
        FROM referrals_referral
        """,
        {"user": user},
    )
    cursor.execute(
        """
        INSERT INTO pathway_pathwayitem (tumour_id, code, pathway_id, version, status, reason_code, reason,
            status_source, record_status, fingerprint, current, changed_at, created_at)
        SELECT t.id, c.code, %(pathway)s, '2026-03',
               CASE WHEN c.code = 'lms.mdo' AND t.id %% 20 = 0 THEN 'deviated'
                    WHEN t.id %% 7 = 0 THEN 'open' ELSE 'done' END,
               CASE WHEN c.code = 'lms.mdo' AND t.id %% 20 = 0 THEN 'patient_choice' ELSE '' END,
               CASE WHEN c.code = 'lms.mdo' AND t.id %% 20 = 0 THEN 'Wens patiënt' ELSE '' END,
               'record', '', 'seed', true, t.date_of_diagnosis::timestamp, t.date_of_diagnosis::timestamp
        FROM patients_tumour t
        CROSS JOIN unnest(ARRAY['lms.mdo', 'lms.imaging.locoregional', 'lms.excision-r0']) AS c(code)
        WHERE t.diagnosis = 'subcutaneous_leiomyosarcoma'
        """,
        {"pathway": "lms"},
    )
    items = cursor.rowcount
    cursor.execute(
        """
        INSERT INTO quality_treatmentstart (tumour_id, kind, started_on, recorded_by_id, recorded_at)
        SELECT id, CASE WHEN id %% 5 = 0 THEN 'radiotherapy' ELSE 'surgery' END,
               date_of_diagnosis + 14 + (id %% 42)::int, %(user)s, now()
        FROM patients_tumour WHERE diagnosis = 'subcutaneous_leiomyosarcoma' AND id %% 10 <> 0
        """,
        {"user": user},
    )
    starts = cursor.rowcount
    cursor.execute("UPDATE followup_followupplan SET pathway_id = 'lms'")
    cursor.execute(
        """
        INSERT INTO pathway_centredecision (key, value, basis, decided_by_id, decided_at)
        SELECT 'waiting.lms.' || k, v, 'SONCOS (seed)', %(user)s, now()
        FROM (VALUES ('first_visit', '1'), ('diagnosis', '3'), ('treatment', '6'), ('at_risk_margin', '2')) AS n(k, v)
        """,
        {"user": user},
    )
    return f"{referrals:,} referrals, {items:,} pathway items, {starts:,} treatment starts"


def seed(conn: psycopg.Connection, scale: Scale) -> list[str]:
    done = []
    with conn.cursor() as cursor:
        _default_new_columns(cursor)
        for _order, name, fn in SEEDERS:
            done.append(f"{name}: {fn(cursor, scale)}")
        conn.commit()
        cursor.execute("ANALYZE")
    return done
