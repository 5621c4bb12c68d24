from django.urls import path

from . import views

app_name = "afterschool"

urlpatterns = [
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_form, name="group_create"),
    path("groups/<int:group_pk>/edit/", views.group_form, name="group_edit"),
    path("groups/<int:group_pk>/", views.group_session, name="group_session"),
    path("homework-in-school/", views.homework_completion, name="homework_completion"),
    path("peers/", views.pairing_list, name="pairing_list"),
    path("peers/new/", views.pairing_form, name="pairing_create"),
    path("peers/<int:pairing_pk>/", views.pairing_detail, name="pairing_detail"),
    path("peers/<int:pairing_pk>/edit/", views.pairing_edit, name="pairing_edit"),
    path("peers/<int:pairing_pk>/withdraw/", views.pairing_withdraw, name="pairing_withdraw"),
    path("peers/<int:pairing_pk>/changes/", views.pairing_changes, name="pairing_changes"),
    path("peers/<int:pairing_pk>/sessions/new/", views.peer_session_add, name="peer_session_add"),
    path(
        "peer-sessions/<int:peer_session_pk>/edit/",
        views.peer_session_edit,
        name="peer_session_edit",
    ),
    path(
        "peer-sessions/<int:peer_session_pk>/withdraw/",
        views.peer_session_withdraw,
        name="peer_session_withdraw",
    ),
]
