from django.urls import path

from zorgpad.pathway import apis

urlpatterns = [
    path("tumours/<uuid:external_id>/pathway/", apis.TumourPathwayApi.as_view(), name="tumour-pathway"),
    path("patients/<uuid:external_id>/alerts/", apis.PatientAlertsApi.as_view(), name="patient-alerts"),
]
