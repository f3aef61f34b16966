from django.urls import path

from zorgpad.pathway import apis

urlpatterns = [
    path("tumours/<uuid:external_id>/pathway/", apis.TumourPathwayApi.as_view(), name="tumour-pathway"),
    path("patients/<uuid:external_id>/alerts/", apis.PatientAlertsApi.as_view(), name="patient-alerts"),
    path("tumours/<uuid:external_id>/pathway/items/<str:code>/", apis.PathwayItemApi.as_view(),
         name="tumour-pathway-item"),
    path("pathways/", apis.PathwayListApi.as_view(), name="pathway-list"),
    path("deviations/", apis.DeviationListApi.as_view(), name="deviation-list"),
]
