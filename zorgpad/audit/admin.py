from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zorgpad.audit.models import AuditEvent


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
