from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from django.urls import include, path

from .views import (
    actions,
    archive,
    caseload,
    cases,
    entries,
    lesson,
    measures,
    monitoring,
    overview,
    photos,
    phrases,
    plans,
    roster,
    watch,
    week,
)

app_name = "archives"

archive_patterns = [
    path("cases/<int:case_pk>/", archive.archive, name="archive"),
    path("cases/<int:case_pk>/print/", archive.archive_print, name="print"),
    path("cases/<int:case_pk>/archive.xlsx", archive.archive_xlsx, name="xlsx"),
    path("cases/<int:case_pk>/history/", entries.observation_history, name="history"),
    path("cases/<int:case_pk>/observations/new/", entries.observation_add, name="observation_add"),
    path("cases/<int:case_pk>/tutoring/new/", entries.tutoring_add, name="tutoring_add"),
    path("cases/<int:case_pk>/discussions/new/", entries.discussion_add, name="discussion_add"),
    path("cases/<int:case_pk>/summaries/new/", entries.summary_add, name="summary_add"),
    path(
        "classes/<int:class_pk>/subjects/<int:subject_pk>/log/",
        lesson.lesson_log,
        name="lesson_log",
    ),
    path(
        "classes/<int:class_pk>/subjects/<int:subject_pk>/week/",
        week.week_grid,
        name="week_grid",
    ),
    path("my-actions/", actions.my_actions, name="my_actions"),
    path("actions/<int:action_pk>/done/", actions.action_done, name="action_done"),
    path(
        "classes/<int:class_pk>/subjects/<int:subject_pk>/watch/",
        watch.watch_list,
        name="watch_list",
    ),
    path("watch-notes/<int:watchnote_pk>/edit/", watch.watchnote_edit, name="watchnote_edit"),
    path("watch-notes/<int:watchnote_pk>/delete/", watch.watchnote_delete, name="watchnote_delete"),
    path(
        "watch-notes/<int:watchnote_pk>/history/",
        watch.watchnote_history,
        name="watchnote_history",
    ),
    path("cases/<int:case_pk>/probes/new/", monitoring.probe_add, name="probe_add"),
    path("cases/<int:case_pk>/dose/", monitoring.case_doses, name="case_doses"),
    path("goals/<int:goal_pk>/monitoring/", monitoring.goal_monitor, name="goal_monitor"),
    path(
        "classes/<int:class_pk>/subjects/<int:subject_pk>/probes/",
        monitoring.probe_batch,
        name="probe_batch",
    ),
    path(
        "monitoring/measures/", monitoring.monitoring_measure_list, name="monitoring_measure_list"
    ),
    path(
        "monitoring/measures/new/",
        monitoring.monitoring_measure_form,
        name="monitoring_measure_create",
    ),
    path(
        "monitoring/measures/<int:monitoring_measure_pk>/edit/",
        monitoring.monitoring_measure_form,
        name="monitoring_measure_edit",
    ),
    path("monitoring/rule/", monitoring.monitoring_settings, name="monitoring_settings"),
    path("photos/<int:photo_pk>/", photos.photo, name="photo"),
    path("photos/<int:photo_pk>/thumbnail/", photos.photo, {"thumbnail": True}, name="photo_thumb"),
    path("photos/<int:photo_pk>/remove/", photos.photo_remove, name="photo_remove"),
]

# Correct, withdraw (named "delete" for observations' sake), restore and trace every entry
# kind: one view each, the kind passed along ("observation_edit", "tutoring_history"…).
PLURALS = {
    "observation": "observations",
    "tutoring": "tutoring",
    "discussion": "discussions",
    "summary": "summaries",
    "probe": "probes",
}
ENTRY_ACTIONS: list[tuple[str, Callable[..., HttpResponse], dict[str, Any]]] = [
    ("edit", entries.entry_edit, {}),
    ("delete", entries.entry_withdrawal, {}),
    ("restore", entries.entry_withdrawal, {"undo": True}),
    ("history", entries.entry_history, {}),
]
archive_patterns += [
    path(
        f"{PLURALS[kind]}/<int:{kind}_pk>/{action}/",
        view,
        {"kind": kind, **extra},
        name=f"{kind}_{action}",
    )
    for kind in entries.KINDS
    for action, view, extra in ENTRY_ACTIONS
]

# The support case pages moved here from the students app; their paths stay under
# /students/ so bookmarks keep working.
case_patterns = [
    path("<int:student_pk>/identify/", cases.case_identify, name="case_identify"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/carry-over/", overview.carry_over, name="carry_over"),
    path("cases/monitoring/", caseload.caseload, name="caseload"),
    path("cases/<int:case_pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:case_pk>/changes/", cases.case_changes, name="case_changes"),
    path("cases/<int:case_pk>/analysis/", cases.case_edit, name="case_edit"),
    path("cases/<int:case_pk>/status/", cases.case_status, name="case_status"),
    path(
        "cases/<int:case_pk>/identified-on/",
        cases.case_identification_date,
        name="case_identification_date",
    ),
    path("cases/<int:case_pk>/plan/", plans.case_plan, name="case_plan"),
    path("classes/<int:class_pk>/overview/", overview.class_overview, name="class_overview"),
    path("support-roster/", roster.support_roster, name="support_roster"),
    path("support-roster.xlsx", roster.support_roster_xlsx, name="support_roster_xlsx"),
    path("measures/", measures.measure_list, name="measure_list"),
    path("phrases/", phrases.phrase_settings, name="phrase_settings"),
    path("measures/new/", measures.measure_form, name="measure_create"),
    path("measures/<int:measure_pk>/", measures.strategy_detail, name="strategy_detail"),
    path("measures/<int:measure_pk>/edit/", measures.measure_form, name="measure_edit"),
    path("measures/<int:measure_pk>/review/", measures.strategy_review, name="strategy_review"),
]

urlpatterns = [
    path("archives/", include(archive_patterns)),
    path("students/", include(case_patterns)),
]
