"""Role checks for the API: each view declares which permission each HTTP method needs."""

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

SAFE = ("GET", "HEAD", "OPTIONS")


class HasViewPermissions(BasePermission):
    """View attribute `required_permissions = {"GET": [...], "POST": [...], ...}`.

    "GET" also covers HEAD/OPTIONS. A method not in the map is refused (deny by default).
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        required: dict[str, list[str]] = getattr(view, "required_permissions", {})
        method = "GET" if request.method in SAFE else request.method
        if method not in required:
            return False
        return bool(user.has_perms(required[method]))
