from django.urls import path

from quality import views

app_name = "quality"

urlpatterns = [
    path("quality/waiting/", views.worklist_view, name="worklist"),
    path("quality/indicators/", views.indicators_view, name="indicators"),
    path("quality/indicators/report.pdf", views.indicators_pdf_view, name="indicators-pdf"),
    path("quality/indicators/<slug:code>/", views.indicator_rows_view, name="indicator-rows"),
    path("quality/indicators/<slug:code>/export.csv", views.indicator_csv_view, name="indicator-csv"),
    path("patients/<uuid:external_id>/milestones/", views.milestones_view, name="milestones"),
]
