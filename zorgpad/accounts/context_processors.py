from typing import Any

from django.conf import settings
from django.http import HttpRequest

from zorgpad.accounts.backends import group_names
from zorgpad.accounts.roles import ROLE_LABELS, Role


def roles(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": []}
    # The group names come with the permissions (one query per request, see accounts.backends), however many
    # templates a page renders.
    names = group_names(user)
    return {"user_roles": [ROLE_LABELS[r] for r in Role if r.value in names]}


def demo_logins(request: HttpRequest) -> dict[str, Any]:
    """The demo accounts for the login page, under the demo settings only (DEMO_LOGINS_SHOWN)."""
    if not getattr(settings, "DEMO_LOGINS_SHOWN", False):
        return {}
    from zorgpad.demo_data import DEMO_PASSWORD, DEMO_USERS

    return {"demo_logins": [(username, ROLE_LABELS[role]) for username, _first, _last, role in DEMO_USERS],
            "demo_password": DEMO_PASSWORD}
