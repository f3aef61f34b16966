"""Fast seeding of the load-test database with set-based SQL (generate_series), one part per capability.

Each capability registers a seeder with `@seeder(order)`; it gets a psycopg cursor and the scale and
must insert its rows in a few statements (no per-row round trips). Phase 2 adds MDO sessions (a year)
and follow-up visits (100,000) here.
"""

from collections.abc import Callable
from dataclasses import dataclass

import psycopg


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
            created_at, updated_at)
        SELECT gen_random_uuid(), (6000000 + n)::text, '',
               (%(family)s::text[])[1 + n %% cardinality(%(family)s::text[])] || ' ' || (n / 300)::text,
               (%(given)s::text[])[1 + n %% cardinality(%(given)s::text[])],
               left((%(given)s::text[])[1 + n %% cardinality(%(given)s::text[])], 1) || '.',
               date '1935-01-01' + (n * 7919 %% 25000),
               CASE WHEN n %% 2 = 0 THEN 'M' ELSE 'F' END,
               'Dorpsstraat ' || (n %% 200 + 1), '3015 GD', 'Rotterdam',
               'dr. H. Huisarts', 'Praktijk Centrum', 'Plein 2', '3011 AB', 'Rotterdam', now(), now()
        FROM generate_series(1, %(n)s) AS n
        """,
        {"family": FAMILY_NAMES, "given": GIVEN_NAMES, "n": scale.patients},
    )
    cursor.execute(
        """
        WITH p AS (SELECT id, date_of_birth, row_number() OVER (ORDER BY id) - 1 AS i FROM patients_patient)
        INSERT INTO patients_tumour (external_id, patient_id, diagnosis, diagnosis_other, body_site, laterality,
            depth, largest_diameter_cm, grade, breslow_mm, ulceration, n_category, m_category, date_of_diagnosis,
            pathology_source, revision_status, margin, status, notes, created_at, updated_at)
        SELECT gen_random_uuid(), p.id,
               CASE WHEN t %% 3 = 0 THEN 'cutaneous_melanoma' ELSE 'subcutaneous_leiomyosarcoma' END, '',
               (%(sites)s::text[])[1 + t %% cardinality(%(sites)s::text[])], 'left',
               CASE WHEN t %% 3 = 0 THEN 'dermis' ELSE 'subcutis' END,
               CASE WHEN t %% 3 = 0 THEN NULL ELSE 1 + (t %% 90) / 10.0 END,
               CASE WHEN t %% 3 = 0 THEN '' ELSE 'G2' END,
               CASE WHEN t %% 3 = 0 THEN 0.5 + (t %% 40) / 10.0 END,
               CASE WHEN t %% 3 = 0 THEN false END,
               'N0', 'M0', greatest(p.date_of_birth + 7000, date '2020-01-01') + (t %% 1500),
               'own', 'not_needed', '', 'follow_up', '', now(), now()
        FROM generate_series(0, %(n)s - 1) AS t
        JOIN p ON p.i = t %% %(patients)s
        """,
        {"sites": SITES, "n": scale.tumours, "patients": scale.patients},
    )
    return f"{scale.patients:,} patients, {scale.tumours:,} tumours"


def seed(conn: psycopg.Connection, scale: Scale) -> list[str]:
    done = []
    with conn.cursor() as cursor:
        for _order, name, fn in SEEDERS:
            done.append(f"{name}: {fn(cursor, scale)}")
        conn.commit()
        cursor.execute("ANALYZE")
    return done
