from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from staging.models import StageAssessment
from zorgpad.audit.admin import AuditedModelAdmin


@admin.register(StageAssessment)
class StageAssessmentAdmin(AuditedModelAdmin):
    """Read-only: a stage is recorded through the staging service (validated, audit-logged), never edited."""

    list_display = ("tumour", "system", "classification", "t", "n", "m", "grade", "stage", "assessed_by", "assessed_at")
    list_filter = ("system", "classification", "stage")
    list_select_related = ("tumour", "assessed_by")
    date_hierarchy = "assessed_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
