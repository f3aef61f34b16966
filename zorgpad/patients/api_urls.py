from django.urls import path

from zorgpad.patients import apis

urlpatterns = [
    path("patients/", apis.PatientListApi.as_view(), name="patient-list"),
    path("patients/<uuid:external_id>/", apis.PatientDetailApi.as_view(), name="patient-detail"),
    path("patients/<uuid:external_id>/tumours/", apis.PatientTumourListApi.as_view(), name="patient-tumours"),
    path(
        "patients/<uuid:external_id>/comorbidities/",
        apis.PatientComorbidityListApi.as_view(),
        name="patient-comorbidities",
    ),
    path("patients/<uuid:external_id>/markers/", apis.PatientMarkerListApi.as_view(), name="patient-markers"),
    path("tumours/<uuid:external_id>/", apis.TumourDetailApi.as_view(), name="tumour-detail"),
    path("comorbidities/<uuid:external_id>/", apis.ComorbidityDetailApi.as_view(), name="comorbidity-detail"),
]
