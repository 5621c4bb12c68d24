from django.urls import path

from . import session_views, study_views, views

app_name = "collab"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:meeting_pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_pk>/recap/", views.meeting_recap, name="recap"),
    path("meetings/<int:meeting_pk>/recap.xlsx", views.meeting_recap_xlsx, name="recap_xlsx"),
    path("studies/", study_views.study_list, name="studies"),
    path("studies/new/", study_views.study_new, name="study_new"),
    path("studies/new/<int:case_pk>/", study_views.study_create, name="study_create"),
    path("studies/<int:study_pk>/", study_views.study_detail, name="study"),
    path("studies/<int:study_pk>/edit/", study_views.study_edit, name="study_edit"),
    path("studies/<int:study_pk>/review/", study_views.study_review, name="study_review"),
    path("sessions/", session_views.session_list, name="sessions"),
    path("sessions/new/", session_views.session_create, name="session_create"),
    path("sessions/<int:session_pk>/", session_views.session_detail, name="session"),
    path("sessions/<int:session_pk>/edit/", session_views.session_edit, name="session_edit"),
]
