from django.urls import path

from interop.fhir import views

urlpatterns = [
    path("metadata", views.MetadataView.as_view(), name="fhir-metadata"),
    path("Patient", views.PatientSearchView.as_view(), name="fhir-patient-search"),
    path("Patient/<uuid:external_id>", views.PatientReadView.as_view(), name="fhir-patient"),
    path("Patient/<uuid:external_id>/$everything", views.EverythingView.as_view(), name="fhir-patient-everything"),
    path("Condition", views.ConditionSearchView.as_view(), name="fhir-condition-search"),
    path("Observation", views.ObservationSearchView.as_view(), name="fhir-observation-search"),
    path("CarePlan", views.CarePlanSearchView.as_view(), name="fhir-careplan-search"),
    path("Encounter", views.EncounterSearchView.as_view(), name="fhir-encounter-search"),
    path("Bundle", views.BundleView.as_view(), name="fhir-bundle"),
]
