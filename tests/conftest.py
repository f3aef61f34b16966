from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import UserFactory
from zorgpad.accounts.roles import Role


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
