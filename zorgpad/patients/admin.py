from django.contrib import admin

from zorgpad.patients.models import Comorbidity, Patient, Tumour, TumourMarker


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    list_display = ("hospital_number", "family_name", "given_names", "date_of_birth", "date_of_death")
    search_fields = ("hospital_number", "family_name", "bsn")


@admin.register(Tumour)
class TumourAdmin(admin.ModelAdmin):
    list_display = ("patient", "diagnosis", "body_site", "date_of_diagnosis", "status")
    list_filter = ("diagnosis", "status")
    list_select_related = ("patient",)


admin.site.register(Comorbidity)
admin.site.register(TumourMarker)
