from django.urls import path

from . import inspection_views, views

app_name = "evaluations"
urlpatterns = [
    path("", views.evaluation_list, name="list"),
    path("new/", views.evaluation_form, name="create"),
    path("<int:evaluation_pk>/", views.evaluation_detail, name="detail"),
    path("<int:evaluation_pk>/edit/", views.evaluation_form, name="edit"),
    path("gaps/", views.gap_list, name="gaps"),
    path("gaps/<int:gap_pk>/", views.gap_edit, name="gap_edit"),
    path("warnings/", views.warning_list, name="warnings"),
    path(
        "warnings/<int:student_pk>/<int:subject_pk>/dismiss/",
        views.warning_dismiss,
        name="warning_dismiss",
    ),
    path("settings/", views.settings_view, name="settings"),
    path("checklist/", views.checklist, name="checklist"),
    path("checklist/new/", views.checklist_item_form, name="checklist_create"),
    path("checklist/<int:checklist_item_pk>/", views.checklist_item_form, name="checklist_edit"),
    path("inspections/", inspection_views.round_list, name="rounds"),
    path("inspections/new/", inspection_views.round_form, name="round_create"),
    path("inspections/mine/", inspection_views.my_results, name="my_results"),
    path(
        "inspections/teachers/<int:teacher_pk>/",
        inspection_views.teacher_process,
        name="teacher_process",
    ),
    path("inspections/<int:round_pk>/", inspection_views.round_detail, name="round_detail"),
    path("inspections/<int:round_pk>/edit/", inspection_views.round_form, name="round_edit"),
    path(
        "inspections/<int:round_pk>/finalize/",
        inspection_views.round_finalize,
        name="round_finalize",
    ),
    path(
        "inspections/<int:round_pk>/teachers/<int:teacher_pk>/",
        inspection_views.inspect,
        name="inspect",
    ),
    path("inspections/<int:round_pk>/report/", inspection_views.round_report, name="report"),
    path(
        "inspections/<int:round_pk>/report.xlsx",
        inspection_views.round_report_xlsx,
        name="report_xlsx",
    ),
]
