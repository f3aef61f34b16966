from typing import Any

from django.http import HttpRequest

from zorgpad.accounts.roles import ROLE_LABELS, Role

_CACHE_ATTR = "_zorgpad_user_roles"


def roles(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": []}
    # Every render_to_string(..., request=request) runs the context processors (the patient page renders one
    # template per panel): read the groups once per request, not once per template.
    cached = getattr(request, _CACHE_ATTR, None)
    if cached is None or cached[0] != user.pk:
        names = {g.name for g in user.groups.all()}
        cached = (user.pk, [ROLE_LABELS[r] for r in Role if r.value in names])
        setattr(request, _CACHE_ATTR, cached)
    return {"user_roles": cached[1]}
