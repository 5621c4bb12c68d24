"""The access log's pages, included under manage/access-log/ (school settings)."""

from django.urls import path

from . import access_log_views

app_name = "access_log"
urlpatterns = [
    path("", access_log_views.access_log, name="list"),
    path("export/", access_log_views.access_log_export, name="export"),
    path("students/<int:student_pk>/", access_log_views.access_log_student, name="student"),
    path("staff/<int:user_pk>/", access_log_views.access_log_staff, name="staff"),
]
