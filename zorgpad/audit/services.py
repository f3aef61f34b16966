from typing import Any

from django.db import models
from django.http import HttpRequest

from zorgpad.audit.models import AuditAction, AuditEvent


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    user: Any,
    action: AuditAction | str,
    patient: Any = None,
    obj: models.Model | None = None,
    detail: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Write one audit entry. `patient` is the Patient whose record was touched (or None for a search)."""
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return AuditEvent.objects.create(
        user=user if authenticated else None,
        username=user.get_username() if authenticated else "",
        action=action,
        patient_external_id=getattr(patient, "external_id", None),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(getattr(obj, "external_id", None) or getattr(obj, "pk", "")) if obj is not None else "",
        detail=detail[:300],
        path=(request.get_full_path()[:300] if request is not None else ""),
        ip_address=_client_ip(request),
    )
