"""Pages of the pathway items, the centre's deviations and the centre decisions."""

from django.urls import path

from zorgpad.pathway import views

app_name = "pathway"

urlpatterns = [
    path("tumours/<uuid:external_id>/pathway/items/<str:code>/", views.pathway_item_set_view, name="item-set"),
    path("pathways/deviations/", views.deviation_list_view, name="deviations"),
    path("pathways/centre-decisions/", views.centre_decisions_view, name="centre-decisions"),
]
