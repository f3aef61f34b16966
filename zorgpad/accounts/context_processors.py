from typing import Any

from django.http import HttpRequest

from zorgpad.accounts.roles import ROLE_LABELS, Role


def roles(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": []}
    names = {g.name for g in user.groups.all()}
    return {"user_roles": [ROLE_LABELS[r] for r in Role if r.value in names]}
