from django.urls import path

from mdo import apis

urlpatterns = [
    path("mdo/types/", apis.MdoTypeListApi.as_view(), name="mdo-type-list"),
    path("mdo/sessions/", apis.SessionListApi.as_view(), name="mdo-session-list"),
    path("mdo/sessions/<uuid:external_id>/", apis.SessionDetailApi.as_view(), name="mdo-session-detail"),
    path("mdo/sessions/<uuid:external_id>/cancel/", apis.SessionCancelApi.as_view(), name="mdo-session-cancel"),
    path("mdo/sessions/<uuid:external_id>/move/", apis.SessionMoveApi.as_view(), name="mdo-session-move"),
    path("mdo/sessions/<uuid:external_id>/cases/", apis.SessionCaseRegisterApi.as_view(),
         name="mdo-session-cases"),
    path("mdo/calendar/<slug:code>.ics", apis.CalendarFeedApi.as_view(), name="mdo-calendar-feed"),
]
