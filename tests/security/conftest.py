from collections.abc import Iterator

import pytest
from django.db import transaction

from tests.security.routes import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:  # type: ignore[no-untyped-def]
    """Demo data of the core and every app, loaded once per module and rolled back afterwards.

    Each test still runs in its own savepoint (the `db` mark), so its requests leave nothing behind.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
