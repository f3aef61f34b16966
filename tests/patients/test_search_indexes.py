"""The patient search can use its PostgreSQL indexes (migration patients 0003) instead of reading every patient."""

import pytest
from django.db import connection

from tests.factories import PatientFactory
from zorgpad.patients.selectors import patient_list

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL-only indexes"),
]


def _plan(query: str) -> str:
    qs = patient_list(query=query)
    with connection.cursor() as cursor:
        # A test database is too small for the planner to prefer an index by itself: forbid the full scans (of
        # the table, and of the list-order index with a filter) and see whether each branch of the search has
        # an index for a bitmap scan; a branch without one leaves only the (forbidden) full scan.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = qs.query.sql_with_params()
        # The SQL is Django's own compilation of the queryset; the values stay parameters.
        cursor.execute(f"EXPLAIN SELECT COUNT(*) FROM ({sql}) AS search", params)  # noqa: S608
        return "\n".join(row[0] for row in cursor.fetchall())


def test_name_search_uses_the_trigram_indexes() -> None:
    PatientFactory.create_batch(5)
    plan = _plan("jans")
    assert "BitmapOr" in plan
    for index in ("patient_family_name_trgm", "patient_given_names_trgm", "patient_hospital_number_upper",
                  "patient_bsn_unique"):
        assert index in plan, plan


def test_search_still_finds_by_name_part_any_case_and_hospital_number() -> None:
    match = PatientFactory(family_name="Jansen-de Vries", hospital_number="ZP0012345")
    PatientFactory(family_name="Pietersen", hospital_number="ZP0099999")
    assert list(patient_list(query="DE VR")) == [match]
    assert list(patient_list(query="zp0012345")) == [match]
