from django.urls import path

from today import views

app_name = "today"
urlpatterns = [
    path("today/", views.start_view, name="start"),
    path("today/clinician/", views.clinician_view, name="clinician"),
    path("today/coordinator/", views.coordinator_view, name="coordinator"),
    path("today/secretary/", views.secretary_view, name="secretary"),
    path("today/admin/", views.admin_view, name="admin"),
]
