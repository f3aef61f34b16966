from django.urls import path

from mdo import views, views_meeting, views_session

app_name = "mdo"
urlpatterns = [
    path("mdo/", views_session.overview_view, name="overview"),
    path("mdo/sessions/", views_session.session_list_view, name="sessions"),
    path("mdo/sessions/<uuid:external_id>/", views_session.agenda_view, name="agenda"),
    path("mdo/sessions/<uuid:external_id>/meeting/", views_meeting.meeting_view, name="meeting"),
    path("mdo/sessions/<uuid:external_id>/agenda.pdf", views_session.agenda_pdf_view, name="agenda-pdf"),
    path("mdo/sessions/<uuid:external_id>/cancel/", views_session.session_cancel_view, name="session-cancel"),
    path("mdo/sessions/<uuid:external_id>/move/", views_session.session_move_view, name="session-move"),
    path("mdo/sessions/<uuid:external_id>/held/", views_session.session_held_view, name="session-held"),
    path("mdo/sessions/<uuid:external_id>/attendance/", views_session.attendance_add_view, name="attendance-add"),
    path("mdo/sessions/<uuid:external_id>/roster/", views_session.attendance_roster_view, name="attendance-roster"),
    path("mdo/sessions/<uuid:external_id>/quorum/", views_session.quorum_view, name="quorum"),
    path("mdo/attendance/<uuid:external_id>/remove/", views_session.attendance_remove_view, name="attendance-remove"),
    path("mdo/cases/find/", views.case_find_view, name="case-find"),
    path("mdo/cases/new/", views.case_register_view, name="case-register"),
    path("mdo/cases/<uuid:external_id>/", views.case_detail_view, name="case"),
    path("mdo/cases/<uuid:external_id>/edit/", views.case_edit_view, name="case-edit"),
    path("mdo/cases/<uuid:external_id>/withdraw/", views.case_withdraw_view, name="case-withdraw"),
    path("mdo/cases/<uuid:external_id>/move/", views.case_move_view, name="case-move"),
    path("mdo/cases/<uuid:external_id>/reorder/", views_session.case_reorder_view, name="case-reorder"),
    path("mdo/cases/<uuid:external_id>/decision/", views.decision_view, name="decision"),
    path("mdo/cases/<uuid:external_id>/amend/", views.decision_amend_view, name="decision-amend"),
    path("mdo/letters/<uuid:external_id>/", views.letter_download_view, name="letter"),
    path("mdo/letters/<uuid:external_id>/requeue/", views.letter_requeue_view, name="letter-requeue"),
    path("mdo/calendar/", views_session.calendar_view, name="calendar"),
]
