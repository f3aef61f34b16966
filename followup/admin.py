from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from followup import services
from followup.models import FollowUpPlan, GeneratedDocument, Letter, PlanTemplate, PrintJob
from zorgpad.audit.admin import AuditedModelAdmin


@admin.register(PlanTemplate)
class PlanTemplateAdmin(admin.ModelAdmin):
    """Saving a change creates the next version (plans keep the version they were built from)."""

    list_display = ("name", "key", "version", "is_current", "interval_months", "duration_months", "created_at")
    list_filter = ("key", "is_current")
    readonly_fields = ("version", "is_current", "created_at", "created_by")
    fieldsets = [
        (None, {"fields": ["key", "version", "is_current", "name", "source", "created_at", "created_by"]}),
        (_("From the care pathway"), {
            "description": _("What the pathway document says: brought back in line with the pathway definition after "
                             "every update of the application."),
            "fields": ["interval_months", "duration_months", "visit_items", "phases", "after_end"],
        }),
        (_("Centre settings"), {
            "description": _("Set by the centre (the pathway gives no number): every change is a new version."),
            "fields": ["baseline_items", "tolerance_days", "invitation_lead_days"],
        }),
    ]

    def save_model(self, request: HttpRequest, obj: PlanTemplate, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
            super().save_model(request, obj, form, change)
            return
        changes = {field: form.cleaned_data[field] for field in services.TEMPLATE_FIELDS if field in form.cleaned_data}
        new = services.plan_template_revise(template=obj, user=request.user, **changes)
        obj.pk, obj.version = new.pk, new.version
        messages.info(request, f"Saved as version {new.version}; plans built earlier keep their version.")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FollowUpPlan)
class FollowUpPlanAdmin(AuditedModelAdmin):
    list_display = ("patient", "tumour", "status", "template", "anchor_date", "created_at")
    list_filter = ("status",)
    list_select_related = ("patient", "tumour", "template")
    readonly_fields = [f.name for f in FollowUpPlan._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Letter)
class LetterAdmin(AuditedModelAdmin):
    list_display = ("patient", "kind", "due_date", "status", "created_at", "printed_at")
    list_filter = ("kind", "status")
    list_select_related = ("patient",)


admin.site.register(PrintJob, AuditedModelAdmin)
admin.site.register(GeneratedDocument, AuditedModelAdmin)
