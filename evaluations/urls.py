from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("", views.evaluation_list, name="list"),
    path("new/", views.evaluation_form, name="create"),
    path("<int:evaluation_pk>/", views.evaluation_detail, name="detail"),
    path("<int:evaluation_pk>/edit/", views.evaluation_form, name="edit"),
    path("<int:evaluation_pk>/compare/", views.evaluation_compare, name="compare"),
    path("gaps/", views.gap_list, name="gaps"),
    path("gaps/<int:gap_pk>/", views.gap_edit, name="gap_edit"),
    path("warnings/", views.warning_list, name="warnings"),
    path(
        "warnings/<int:student_pk>/<int:subject_pk>/dismiss/",
        views.warning_dismiss,
        name="warning_dismiss",
    ),
    path("settings/", views.settings_view, name="settings"),
]
