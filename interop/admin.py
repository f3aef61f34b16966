"""The EHRs allowed to call the CDS Hooks service, for admins: seen, and switched off or on. They are registered
with `manage.py cds_client_create` (it makes the service user and checks the key), not here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from interop.models import CdsClient


@admin.register(CdsClient)
class CdsClientAdmin(admin.ModelAdmin):  # not a patient's record; Django's admin log keeps its changes
    list_display = ("name", "issuer", "active", "created_at")
    list_filter = ("active",)
    search_fields = ("name", "issuer")
    fields = ("name", "issuer", "active", "public_key", "service_user", "created_at")
    readonly_fields = ("name", "issuer", "public_key", "service_user", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # manage.py cds_client_create

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # its cards name it; switch it off instead
