from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import User
from django.db import connections
from django.test import Client, TransactionTestCase
from rest_framework.test import APIClient

from tests.factories import UserFactory
from zorgpad.accounts.roles import Role

NO_TRUNCATE_TRIGGER = "audit_event_no_truncate"


@contextmanager
def _audit_truncate_allowed() -> Iterator[None]:
    """Django empties the database after a transactional test with one TRUNCATE of every table, which the
    audit table's trigger refuses (as it must everywhere else). Only around that flush is it switched off."""
    switched = []
    for connection in connections.all(initialized_only=True):
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s", [NO_TRUNCATE_TRIGGER])
            if cursor.fetchone():
                cursor.execute(f"ALTER TABLE audit_auditevent DISABLE TRIGGER {NO_TRUNCATE_TRIGGER}")
                switched.append(connection)
    try:
        yield
    finally:
        for connection in switched:
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE audit_auditevent ENABLE TRIGGER {NO_TRUNCATE_TRIGGER}")


_flush_after_test = TransactionTestCase._fixture_teardown


def _fixture_teardown(self: TransactionTestCase) -> None:
    with _audit_truncate_allowed():
        _flush_after_test(self)


TransactionTestCase._fixture_teardown = _fixture_teardown  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _empty_shared_cache() -> None:
    """Each test starts with an empty shared cache (DRF throttle counts live in Redis and outlive a run).

    Only this suite's keys are deleted: cache.clear() would FLUSHDB the Redis database that the Celery broker
    uses too."""
    from django.core.cache import cache

    client = getattr(cache, "_cache", None)
    if client is None or not hasattr(client, "get_client"):
        cache.clear()  # not Redis (CACHE_URL set to something else): clearing harms nothing
        return
    redis = client.get_client(write=True)
    keys = list(redis.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        redis.delete(*keys)


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(role: Role | None = None, **kwargs: object) -> User:
        if role is Role.ADMIN:
            kwargs.setdefault("is_staff", True)
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def clinician(make_user: Callable[..., User]) -> User:
    return make_user(Role.CLINICIAN, username="clinician")


@pytest.fixture
def secretary(make_user: Callable[..., User]) -> User:
    return make_user(Role.SECRETARY, username="secretary")


@pytest.fixture
def coordinator(make_user: Callable[..., User]) -> User:
    return make_user(Role.MDO_COORDINATOR, username="coordinator")


@pytest.fixture
def admin_user(make_user: Callable[..., User]) -> User:
    return make_user(Role.ADMIN, username="beheer")


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def clinician_client(clinician: User) -> Client:
    return _client_for(clinician)


@pytest.fixture
def secretary_client(secretary: User) -> Client:
    return _client_for(secretary)


@pytest.fixture
def coordinator_client(coordinator: User) -> Client:
    return _client_for(coordinator)


@pytest.fixture
def admin_client_(admin_user: User) -> Client:
    return _client_for(admin_user)


@pytest.fixture
def clinician_api(clinician: User) -> APIClient:
    return _api_for(clinician)


@pytest.fixture
def secretary_api(secretary: User) -> APIClient:
    return _api_for(secretary)


@pytest.fixture
def coordinator_api(coordinator: User) -> APIClient:
    return _api_for(coordinator)
