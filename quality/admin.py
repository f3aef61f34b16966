"""Until the clinical forms record them: the start of treatment, a tumour's referral episode and a reason for a
missed norm are entered in the admin (audit-logged; who recorded it is the admin user)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from quality.models import MilestoneDeviation, TreatmentStart, TumourEpisode
from zorgpad.audit.admin import AuditedModelAdmin


class RecordedByAdmin(AuditedModelAdmin):
    exclude = ("recorded_by",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(TreatmentStart)
class TreatmentStartAdmin(RecordedByAdmin):
    list_display = ("tumour", "kind", "started_on")
    raw_id_fields = ("tumour",)
    list_select_related = ("tumour__patient",)


@admin.register(TumourEpisode)
class TumourEpisodeAdmin(RecordedByAdmin):
    list_display = ("tumour", "referral")
    raw_id_fields = ("tumour", "referral")


@admin.register(MilestoneDeviation)
class MilestoneDeviationAdmin(RecordedByAdmin):
    list_display = ("referral", "milestone", "reason_code", "recorded_at")
    raw_id_fields = ("referral",)
