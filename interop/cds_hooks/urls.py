from django.urls import path

from interop.cds_hooks import views

urlpatterns = [
    path("cds-services", views.discovery_view, name="cds-discovery"),
    path(f"cds-services/{views.SERVICE_ID}", views.patient_view, name="cds-patient-view"),
    path(f"cds-services/{views.SERVICE_ID}/feedback", views.feedback_view, name="cds-feedback"),
]
