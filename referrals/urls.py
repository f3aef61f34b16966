from django.urls import path

from referrals import views

app_name = "referrals"
urlpatterns = [
    path("referrals/", views.worklist_view, name="worklist"),
    path("referrals/all/", views.referral_list_view, name="list"),
    path("referrals/new/", views.referral_create_view, name="create"),
    path("referrals/<uuid:external_id>/", views.referral_detail_view, name="detail"),
    path("referrals/<uuid:external_id>/transition/", views.referral_transition_view, name="transition"),
    path("referrals/<uuid:external_id>/override/", views.referral_override_view, name="override"),
    path("referrals/<uuid:external_id>/letter/", views.referral_letter_view, name="letter"),
    path("patients/<uuid:external_id>/first-visit/", views.checklist_edit_view, name="checklist-edit"),
]
