from django.urls import path

from . import views

app_name = "archives"
urlpatterns = [
    path("cases/<int:case_pk>/", views.archive, name="archive"),
    path("cases/<int:case_pk>/print/", views.archive_print, name="print"),
    path("cases/<int:case_pk>/archive.xlsx", views.archive_xlsx, name="xlsx"),
    path("cases/<int:case_pk>/history/", views.observation_history, name="history"),
    path("cases/<int:case_pk>/observations/new/", views.observation_add, name="observation_add"),
    path("cases/<int:case_pk>/tutoring/new/", views.tutoring_add, name="tutoring_add"),
    path("cases/<int:case_pk>/discussions/new/", views.discussion_add, name="discussion_add"),
    path("cases/<int:case_pk>/summaries/new/", views.summary_add, name="summary_add"),
    path(
        "observations/<int:observation_pk>/edit/",
        views.observation_edit,
        name="observation_edit",
    ),
    path(
        "observations/<int:observation_pk>/delete/",
        views.observation_delete,
        name="observation_delete",
    ),
    path(
        "observations/<int:observation_pk>/restore/",
        views.observation_restore,
        name="observation_restore",
    ),
    path(
        "classes/<int:class_pk>/subjects/<int:subject_pk>/log/",
        views.lesson_log,
        name="lesson_log",
    ),
]
