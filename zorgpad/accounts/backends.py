"""Django's ModelBackend with a user's permissions and roles read in one query instead of three.

Every page checks permissions (the user's own and those of their groups: two queries in ModelBackend) and
shows the user's roles (the group names: a third). One UNION reads all three. The semantics are
ModelBackend's: inactive users have no permissions, superusers all; the sets are cached on the user
object for the length of the request only, so a changed role applies from the next request.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connection

_NAMES_CACHE = "_zorgpad_group_names"


# django.contrib.auth's own tables (fixed names); values only as parameters.
_PERMISSIONS_SQL = """
SELECT 'user', ct.app_label, p.codename FROM auth_permission p
  JOIN django_content_type ct ON ct.id = p.content_type_id
  JOIN auth_user_user_permissions up ON up.permission_id = p.id WHERE up.user_id = %s
UNION ALL
SELECT 'group', ct.app_label, p.codename FROM auth_permission p
  JOIN django_content_type ct ON ct.id = p.content_type_id
  JOIN auth_group_permissions gp ON gp.permission_id = p.id
  JOIN auth_user_groups ug ON ug.group_id = gp.group_id WHERE ug.user_id = %s
UNION ALL
SELECT 'role', g.name, '' FROM auth_group g JOIN auth_user_groups ug ON ug.group_id = g.id WHERE ug.user_id = %s
"""


class RoleModelBackend(ModelBackend):
    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not user_obj.is_superuser and not hasattr(user_obj, "_perm_cache"):
            _load(user_obj)
        return super().get_all_permissions(user_obj, obj)


def _load(user: Any) -> None:
    """Fill ModelBackend's per-request caches (_user_perm_cache, _group_perm_cache, _perm_cache) and the group
    names with one query."""
    own: set[str] = set()
    granted: set[str] = set()
    names: set[str] = set()
    with connection.cursor() as cursor:
        cursor.execute(_PERMISSIONS_SQL, [user.pk, user.pk, user.pk])
        for source, label, codename in cursor.fetchall():
            if source == "role":
                names.add(label)
            else:
                (own if source == "user" else granted).add(f"{label}.{codename}")
    user._user_perm_cache = own
    user._group_perm_cache = granted
    user._perm_cache = own | granted
    setattr(user, _NAMES_CACHE, frozenset(names))


def group_names(user: Any) -> frozenset[str]:
    """The names of the user's groups (roles), read with the permissions when these are not cached yet."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _NAMES_CACHE, None)
    if cached is None:
        if user.is_active and not user.is_superuser:
            _load(user)
        else:
            setattr(user, _NAMES_CACHE, frozenset(g.name for g in user.groups.all()))
        cached = getattr(user, _NAMES_CACHE)
    return cached
