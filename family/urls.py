from django.urls import path

from . import views

app_name = "family"
urlpatterns = [
    path("", views.visit_plan, name="visit_plan"),
    path("students/<int:student_pk>/", views.student_family, name="student"),
    path("students/<int:student_pk>/situation/", views.profile_edit, name="profile_edit"),
    path(
        "students/<int:student_pk>/situation/changes/",
        views.profile_changes,
        name="profile_changes",
    ),
    path("students/<int:student_pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("students/<int:student_pk>/letter/", views.progress_letter, name="letter"),
    path("letters/<int:contact_pk>/print/", views.letter_print, name="letter_print"),
    path("contacts/<int:contact_pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:contact_pk>/delete/", views.contact_withdrawal, name="contact_delete"),
    path(
        "contacts/<int:contact_pk>/restore/",
        views.contact_withdrawal,
        {"undo": True},
        name="contact_restore",
    ),
    path("contacts/<int:contact_pk>/history/", views.contact_history, name="contact_history"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:session_pk>/", views.session_detail, name="session"),
]
