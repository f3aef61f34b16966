from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from mdo.models import (
    MdoAttendance,
    MdoCase,
    MdoDecision,
    MdoDecisionAmendment,
    MdoLetter,
    MdoRequiredSlot,
    MdoRosterMember,
    MdoSession,
    MdoType,
    Specialty,
)
from zorgpad.audit.admin import AuditedModelAdmin


class _SpecialtiesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Specialty.choices, **kwargs)


class RequiredSlotForm(forms.ModelForm):
    specialties = _SpecialtiesField(help_text="Any one of the ticked specialties fills this slot.")

    class Meta:
        model = MdoRequiredSlot
        fields = ["position", "specialties"]


class RequiredSlotInline(admin.TabularInline):
    model = MdoRequiredSlot
    form = RequiredSlotForm
    extra = 0


class RosterMemberInline(admin.TabularInline):
    """The people expected at every meeting, by specialty: the coordinator ticks them as present."""

    model = MdoRosterMember
    fields = ["position", "name", "specialty", "active"]
    extra = 0


class MdoTypeForm(forms.ModelForm):
    optional_specialties = _SpecialtiesField(required=False)

    class Meta:
        model = MdoType
        fields = [
            "code", "name", "location", "weekday", "interval_weeks", "anchor_date", "start_time", "end_time",
            "timezone", "capacity_minutes", "default_minutes_per_case", "deadline_days_before", "deadline_time",
            "optional_specialties", "active",
        ]


@admin.register(MdoType)
class MdoTypeAdmin(admin.ModelAdmin):
    form = MdoTypeForm
    inlines = [RequiredSlotInline, RosterMemberInline]
    list_display = ["name", "code", "weekday", "start_time", "end_time", "capacity_minutes", "active"]
    prepopulated_fields = {"code": ["name"]}
    # The pathway names the MDO and its members; when and how long it meets is the centre's own setting.
    fieldsets = [
        (None, {"fields": ["code", "name", "location", "active"]}),
        (_("Centre settings"), {
            "description": _("Set by the centre (the care pathway states its own meeting time as text only): "
                             "every change is kept in this record's history."),
            "fields": ["weekday", "interval_weeks", "anchor_date", "start_time", "end_time", "timezone",
                       "capacity_minutes", "default_minutes_per_case", "deadline_days_before", "deadline_time",
                       "optional_specialties"],
        }),
    ]


@admin.register(MdoSession)
class MdoSessionAdmin(admin.ModelAdmin):
    """Read-only: sessions change through the coordinator's pages (services check every transition)."""

    list_display = ["mdo_type", "date", "original_date", "start_time", "status", "note"]
    list_filter = ["mdo_type", "status"]
    date_hierarchy = "date"

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class _ReadOnlyAdmin(AuditedModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


for model in (MdoCase, MdoAttendance, MdoDecision, MdoDecisionAmendment, MdoLetter):
    admin.site.register(model, _ReadOnlyAdmin)
