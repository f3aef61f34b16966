"""Read-only admin: statuses change only through referrals.services (the state machine), never by editing a row."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from referrals.models import FirstVisitChecklist, Referral, ReferralTransition, TriageOverride
from zorgpad.audit.admin import AuditedModelAdmin


class ReadOnlyAdmin(AuditedModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TransitionInline(admin.TabularInline):
    model = ReferralTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "reason", "by", "at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ["external_id", "patient", "phase", "status", "received_on", "triage_due_on"]
    list_filter = ["status", "phase", "urgency"]
    list_select_related = ["patient"]
    inlines = [TransitionInline]


@admin.register(TriageOverride)
class TriageOverrideAdmin(ReadOnlyAdmin):
    list_display = ["referral", "advised_destination", "destination", "by", "at"]
    list_select_related = ["referral", "by"]


@admin.register(FirstVisitChecklist)
class FirstVisitChecklistAdmin(ReadOnlyAdmin):
    list_display = ["patient", "biopsy_taken_on", "result_due_on", "result_discussed_on", "high_risk"]
    list_select_related = ["patient"]
