from django.urls import path

from followup import views

app_name = "followup"
urlpatterns = [
    path("followup/", views.worklist_view, name="worklist"),
    path("followup/plans/build/", views.plan_build_view, name="plan-build"),
    path("followup/plans/<uuid:external_id>/", views.plan_detail_view, name="plan-detail"),
    path("followup/plans/<uuid:external_id>/visits/add/", views.visit_add_view, name="visit-add"),
    path("followup/visits/<uuid:external_id>/status/", views.visit_transition_view, name="visit-transition"),
    path("followup/visits/<uuid:external_id>/move/", views.visit_move_view, name="visit-move"),
    path("followup/letters/", views.letters_view, name="letters"),
    path("followup/letters/<uuid:external_id>/pdf/", views.letter_pdf_view, name="letter-pdf"),
    path("followup/print-runs/<uuid:external_id>/", views.print_job_view, name="print-job"),
    path("followup/print-runs/<uuid:external_id>/pdf/", views.print_job_download_view, name="print-job-download"),
    path("followup/print-runs/<uuid:external_id>/printed/", views.print_job_printed_view, name="print-job-printed"),
    path("followup/print-runs/<uuid:external_id>/retry/", views.print_job_retry_view, name="print-job-retry"),
    path("followup/documents/<uuid:external_id>/", views.document_view, name="document"),
    path("followup/patients/<uuid:external_id>/summary.pdf", views.patient_summary_view, name="patient-summary"),
    path("followup/templates/preview/", views.template_preview_view, name="template-preview"),
    path("followup/templates/preview/<str:name>.<str:fmt>", views.template_preview_render_view,
         name="template-preview-render"),
]
