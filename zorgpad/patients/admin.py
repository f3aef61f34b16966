from django.contrib import admin

from zorgpad.audit.admin import AuditedModelAdmin
from zorgpad.patients.models import Comorbidity, Patient, Tumour, TumourMarker


@admin.register(Patient)
class PatientAdmin(AuditedModelAdmin):
    list_display = ("hospital_number", "display_name", "date_of_birth", "date_of_death")
    search_fields = ("hospital_number", "family_name", "partner_family_name", "bsn")


@admin.register(Tumour)
class TumourAdmin(AuditedModelAdmin):
    list_display = ("patient", "diagnosis", "body_site", "date_of_diagnosis", "status")
    list_filter = ("diagnosis", "status")
    list_select_related = ("patient",)


admin.site.register(Comorbidity, AuditedModelAdmin)
admin.site.register(TumourMarker, AuditedModelAdmin)
