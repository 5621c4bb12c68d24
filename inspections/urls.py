"""Inspection pages. Mounted under ``evaluations/`` so the paths stay as bookmarked."""

from django.urls import path

from . import followups
from .views import checklist, inspect, process, records, reports, rounds

app_name = "inspections"
urlpatterns = [
    path("checklist/", checklist.checklist, name="checklist"),
    path("checklist/new/", checklist.checklist_item_form, name="checklist_create"),
    path(
        "checklist/<int:checklist_item_pk>/",
        checklist.checklist_item_form,
        name="checklist_edit",
    ),
    path("inspections/", rounds.round_list, name="rounds"),
    path("inspections/new/", rounds.round_form, name="round_create"),
    path("inspections/mine/", process.my_results, name="my_results"),
    path("inspections/settings/", checklist.settings_view, name="settings"),
    path("inspections/thresholds/", checklist.thresholds_view, name="thresholds"),
    path(
        "inspections/teachers/<int:teacher_pk>/",
        process.teacher_process,
        name="teacher_process",
    ),
    path("inspections/<int:round_pk>/", rounds.round_detail, name="round_detail"),
    path("inspections/<int:round_pk>/edit/", rounds.round_form, name="round_edit"),
    path("inspections/<int:round_pk>/finalize/", rounds.round_finalize, name="round_finalize"),
    path("inspections/<int:round_pk>/recheck/", rounds.round_recheck, name="round_recheck"),
    path(
        "inspections/<int:round_pk>/teachers/<int:teacher_pk>/",
        inspect.inspect,
        name="inspect",
    ),
    path(
        "inspections/<int:round_pk>/teachers/<int:teacher_pk>/records/<str:evidence_key>/",
        records.records,
        name="records",
    ),
    path(
        "inspections/<int:round_pk>/teachers/<int:teacher_pk>/follow-ups/",
        followups.follow_up_add,
        name="follow_up_add",
    ),
    path(
        "inspections/follow-ups/<int:follow_up_pk>/done/",
        followups.follow_up_done,
        name="follow_up_done",
    ),
    path("inspections/<int:round_pk>/report/", reports.round_report, name="report"),
    path("inspections/<int:round_pk>/report.xlsx", reports.round_report_xlsx, name="report_xlsx"),
]
