from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import ForeignKey
from django.http import HttpRequest

from zorgpad.audit.models import AuditAction, AuditEvent
from zorgpad.audit.services import audit_record, audit_record_shown


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Visible to admins, never editable."""

    list_display = ("at", "username", "action", "patient_external_id", "object_type", "object_id", "detail")
    list_filter = ("action", "object_type")
    search_fields = ("username", "patient_external_id", "object_id", "detail")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# The links by which a record reaches its patient (e.g. an MDO letter: decision -> case -> patient).
_PATIENT_LINKS = ("patient", "tumour", "case", "decision", "referral", "plan", "visit")


def _patient_of(obj: Any, depth: int = 4) -> Any:
    """The patient whose record `obj` is part of, following the usual links; None if it has no single one."""
    if obj is None or depth < 0:
        return None
    if obj._meta.label == "patients.Patient":
        return obj
    for name in _PATIENT_LINKS:
        patient = _patient_of(getattr(obj, name, None), depth - 1)
        if patient is not None:
            return patient
    return None


def _patient_path(model: Any, depth: int = 4) -> str | None:
    """The lookup from `model` to its patient along the usual links ("decision__case__patient"), or None."""
    if model._meta.label == "patients.Patient":
        return ""
    if depth == 0:
        return None
    for name in _PATIENT_LINKS:
        field = next((f for f in model._meta.get_fields() if f.name == name and isinstance(f, ForeignKey)), None)
        if field is not None and (rest := _patient_path(field.related_model, depth - 1)) is not None:
            return f"{name}__{rest}" if rest else name
    return None


def _patients_shown(model: Any, objects: list[Any]) -> list[Any]:
    """The external ids of the patients of the rows an admin list shows: one query, whatever the rows."""
    path = _patient_path(model)
    if path is None or not objects:
        return []
    if path == "":
        return [obj.external_id for obj in objects]
    return list(model._default_manager.filter(pk__in=[obj.pk for obj in objects])
                .values_list(f"{path}__external_id", flat=True))


class AuditedModelAdmin(admin.ModelAdmin):
    """ModelAdmin for part of a patient's record: the Django admin reads and writes are audit-logged too.

    Opening a change form is a read (VIEW), the list a LIST (SEARCH with a search term) with one entry per
    patient on the page, saving a CREATE/UPDATE, deleting a DELETE,
    each against the patient; use it for every admin of a model that belongs to a patient's record.
    """

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> Any:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                audit_record(user=request.user, action=AuditAction.VIEW, patient=_patient_of(obj), obj=obj,
                             detail="admin", request=request)
        return response

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if response.status_code == 200 and changelist is not None:
            audit_record_shown(
                user=request.user, action=AuditAction.SEARCH if changelist.query else AuditAction.LIST,
                patient_ids=_patients_shown(self.model, list(changelist.result_list)), request=request,
                detail=f"admin {self.model._meta.label_lower} {request.GET.urlencode()}".strip(),
            )
        return response

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(user=request.user, action=AuditAction.UPDATE if change else AuditAction.CREATE,
                     patient=_patient_of(obj), obj=obj, request=request,
                     detail="admin: fields " + ", ".join(sorted(form.changed_data)))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_record(user=request.user, action=AuditAction.DELETE, patient=_patient_of(obj), obj=obj,
                     detail="admin", request=request)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            audit_record(user=request.user, action=AuditAction.DELETE, patient=_patient_of(obj), obj=obj,
                         detail="admin", request=request)
        super().delete_queryset(request, queryset)
