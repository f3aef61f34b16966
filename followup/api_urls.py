from django.urls import URLPattern, URLResolver, path

from followup import apis

urlpatterns: list[URLPattern | URLResolver] = [
    path("patients/<uuid:external_id>/followup-plans/", apis.PatientPlanListApi.as_view(),
         name="followup-patient-plans"),
    path("tumours/<uuid:external_id>/followup-plan/", apis.TumourPlanBuildApi.as_view(), name="followup-plan-build"),
    path("followup/visits/<uuid:external_id>/status/", apis.VisitStatusApi.as_view(), name="followup-visit-status"),
]
