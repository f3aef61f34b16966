from django.urls import path

from zorgpad.patients import views

app_name = "patients"
urlpatterns = [
    path("patients/", views.patient_list_view, name="list"),
    path("patients/new/", views.patient_create_view, name="create"),
    path("patients/<uuid:external_id>/", views.patient_detail_view, name="detail"),
    path("patients/<uuid:external_id>/edit/", views.patient_edit_view, name="edit"),
    path("patients/<uuid:external_id>/tumours/new/", views.tumour_create_view, name="tumour-create"),
    path("patients/<uuid:external_id>/comorbidities/new/", views.comorbidity_create_view, name="comorbidity-create"),
    path("patients/<uuid:external_id>/markers/new/", views.marker_create_view, name="marker-create"),
    path("tumours/<uuid:external_id>/", views.tumour_detail_view, name="tumour-detail"),
    path("tumours/<uuid:external_id>/edit/", views.tumour_edit_view, name="tumour-edit"),
    path("comorbidities/<uuid:external_id>/edit/", views.comorbidity_edit_view, name="comorbidity-edit"),
]
