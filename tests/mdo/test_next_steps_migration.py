"""The data migration mdo 0005 turns each decision's single next step into a one-item list (and back)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mdo.models import MdoDecision
from tests.factories import UserFactory
from tests.mdo.factories import MdoCaseFactory, sarcoma_type

BEFORE = [("mdo", "0004_feed_token_digest")]
AFTER = [("mdo", "0005_roster_next_steps")]


def _migrate(target: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


@pytest.mark.django_db(transaction=True)
def test_the_single_next_step_is_kept_as_a_list_both_ways() -> None:
    sarcoma_type()
    user = UserFactory()
    two = MdoDecision.objects.create(case=MdoCaseFactory(), drafted_by=user, intent="curative",
                                     next_steps=["re_excision", "radiotherapy"], text="x")
    none = MdoDecision.objects.create(case=MdoCaseFactory(), drafted_by=user, intent="", next_steps=[], text="")
    try:
        _migrate(BEFORE)  # backwards: the first step stays
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, next_step FROM mdo_mdodecision ORDER BY id")
            assert cursor.fetchall() == [(two.pk, "re_excision"), (none.pk, "")]
            cursor.execute("UPDATE mdo_mdodecision SET next_step = 'surgery' WHERE id = %s", [two.pk])
    finally:
        _migrate(AFTER)  # forwards: one step becomes a one-item list, none an empty list
    two.refresh_from_db()
    none.refresh_from_db()
    assert (two.next_steps, none.next_steps) == (["surgery"], [])
