from django.urls import URLPattern, URLResolver, path

from staging import views
from zorgpad.pathway import views as pathway_views

app_name = "staging"
urlpatterns: list[URLPattern | URLResolver] = [
    path("tumours/<uuid:external_id>/stage/", views.stage_record_view, name="stage-record"),
    path("staging/preview/", views.stage_preview_view, name="stage-preview"),
    # The pathway's pages (core package, no URLconf of its own) are served from here.
    path("comorbidities/<uuid:external_id>/ssc-criteria/", pathway_views.ssc_criteria_view, name="ssc-criteria"),
    path("ssc-criteria/preview/", pathway_views.ssc_preview_view, name="ssc-preview"),
]
