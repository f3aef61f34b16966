from django.urls import path

from referrals import apis

urlpatterns = [
    path("referrals/", apis.ReferralListApi.as_view(), name="referral-list"),
    path("referrals/<uuid:external_id>/", apis.ReferralDetailApi.as_view(), name="referral-detail"),
    path("referrals/<uuid:external_id>/transition/", apis.ReferralTransitionApi.as_view(),
         name="referral-transition"),
    path("referrals/<uuid:external_id>/override/", apis.ReferralOverrideApi.as_view(), name="referral-override"),
    path("referrals/<uuid:external_id>/letter/", apis.ReferralLetterApi.as_view(), name="referral-letter"),
    path("referrals/<uuid:external_id>/first-visit-checklist/", apis.ReferralChecklistApi.as_view(),
         name="referral-first-visit-checklist"),
    path("patients/<uuid:external_id>/first-visit-checklist/", apis.PatientChecklistApi.as_view(),
         name="patient-first-visit-checklist"),
]
