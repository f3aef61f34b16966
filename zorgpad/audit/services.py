import uuid
from collections.abc import Iterable
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


def audit_record_shown(
    *,
    user: Any,
    action: AuditAction | str,
    patient_ids: Iterable[uuid.UUID | None],
    detail: str = "",
    request: HttpRequest | None = None,
    object_type: str = "",
    object_id: str = "",
) -> list[AuditEvent]:
    """Many patients shown at once (a list, worklist, search result, agenda, print run): one entry per patient.

    Written set-based, in ONE INSERT whatever the number of patients, so a page's query count stays
    constant. `detail` says what was shown and with which query or filters. When nobody was shown (an
    empty list, a search without a hit) one entry without a patient still records who asked for what.
    """
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    common = {
        "user": user if authenticated else None,
        "username": user.get_username() if authenticated else "",
        "action": action,
        "object_type": object_type,
        "object_id": object_id[:64],
        "detail": detail[:300],
        "path": request.get_full_path()[:300] if request is not None else "",
        "ip_address": _client_ip(request),
    }
    unique: list[uuid.UUID | None] = list(dict.fromkeys(pid for pid in patient_ids if pid is not None)) or [None]
    return AuditEvent.objects.bulk_create([AuditEvent(patient_external_id=pid, **common) for pid in unique])


def query_detail(label: str, request: HttpRequest | None) -> str:
    """`label` plus the query string the list was asked with (filters, search terms, page)."""
    query = request.GET.urlencode() if request is not None else ""
    return f"{label} {query}".strip()
