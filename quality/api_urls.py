from django.urls import path

from quality import apis

urlpatterns = [
    path("indicators/", apis.IndicatorListApi.as_view(), name="indicator-list"),
    path("patients/<uuid:external_id>/milestones/", apis.PatientMilestonesApi.as_view(), name="patient-milestones"),
]
