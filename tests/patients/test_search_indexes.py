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
    for index in ("patient_family_name_trgm", "patient_partner_family_name_trgm", "patient_given_names_trgm",
                  "patient_hospital_number_upper", "patient_bsn_unique"):
        assert index in plan, plan


@pytest.mark.parametrize("query", ["van jans", "jans, p", "jans van, p"])
def test_a_name_search_with_prefix_or_initials_uses_the_trigram_indexes(query) -> None:
    PatientFactory.create_batch(5)
    plan = _plan(query)
    assert "Seq Scan" not in plan, plan
    for index in ("patient_family_name_trgm", "patient_partner_family_name_trgm"):
        assert index in plan, plan


def test_a_date_of_birth_search_uses_its_index() -> None:
    PatientFactory.create_batch(5)
    plan = _plan("14-03-1949")
    assert "patient_date_of_birth_idx" in plan, plan
    assert "Seq Scan" not in plan, plan


def test_search_still_finds_by_name_part_any_case_and_hospital_number() -> None:
    match = PatientFactory(family_name="Jansen-de Vries", hospital_number="ZP0012345")
    PatientFactory(family_name="Pietersen", hospital_number="ZP0099999")
    assert list(patient_list(query="DE VR")) == [match]
    assert list(patient_list(query="zp0012345")) == [match]


def test_search_finds_a_prefixed_name_typed_in_any_of_the_ways_a_secretary_types_it() -> None:
    match = PatientFactory(family_name_prefix="van", family_name="Dam", given_names="Gerrit", initials="G.")
    PatientFactory(family_name="Damsma", given_names="Anna", initials="A.")
    for query in ("van Dam", "Dam van", "Dam, G", "Dam, G. van", "VAN DAM"):
        assert list(patient_list(query=query)) == [match], query
