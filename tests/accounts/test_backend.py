"""RoleModelBackend: the same permissions as Django's ModelBackend, and the roles, in one query."""

from collections.abc import Callable

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zorgpad.accounts.backends import RoleModelBackend, group_names
from zorgpad.accounts.roles import Role

pytestmark = pytest.mark.django_db


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no per-request caches


def _same_as_model_backend(user: User) -> None:
    ours, django = RoleModelBackend(), ModelBackend()
    mine, theirs = _fresh(user), _fresh(user)
    assert ours.get_all_permissions(mine) == django.get_all_permissions(theirs)
    assert ours.get_user_permissions(mine) == django.get_user_permissions(theirs)
    assert ours.get_group_permissions(mine) == django.get_group_permissions(theirs)


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_the_permissions_model_backend_gives(make_user: Callable[..., User], role: Role) -> None:
    user = make_user(role)
    _same_as_model_backend(user)
    assert RoleModelBackend().get_all_permissions(_fresh(user))  # every role may do something


def test_own_permissions_and_several_groups_are_combined(make_user: Callable[..., User]) -> None:
    user = make_user(Role.SECRETARY)
    user.groups.add(Group.objects.get(name=Role.MDO_COORDINATOR.value))
    user.user_permissions.add(Permission.objects.get(codename="change_tumour"))
    _same_as_model_backend(user)
    perms = RoleModelBackend().get_all_permissions(_fresh(user))
    assert "patients.change_tumour" in perms
    assert group_names(_fresh(user)) == {Role.SECRETARY.value, Role.MDO_COORDINATOR.value}


def test_inactive_user_has_no_permissions(make_user: Callable[..., User]) -> None:
    user = make_user(Role.CLINICIAN, is_active=False)
    assert RoleModelBackend().get_all_permissions(_fresh(user)) == set()


def test_superuser_has_every_permission(make_user: Callable[..., User]) -> None:
    user = make_user(None, is_superuser=True)
    assert RoleModelBackend().get_all_permissions(_fresh(user)) == {
        f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")
    }


def test_permissions_and_roles_cost_one_query(make_user: Callable[..., User]) -> None:
    user = _fresh(make_user(Role.CLINICIAN))
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm("patients.view_patient")
        assert not user.has_perm("auth.change_user")
        assert group_names(user) == {Role.CLINICIAN.value}
    assert len(queries.captured_queries) == 1


def test_a_removed_role_applies_from_the_next_request(make_user: Callable[..., User]) -> None:
    user = make_user(Role.CLINICIAN)
    assert _fresh(user).has_perm("patients.change_patient")
    user.groups.clear()
    assert not _fresh(user).has_perm("patients.change_patient")
    assert group_names(_fresh(user)) == frozenset()
