"""The homework pages, one module per page group."""

from .assignments import (
    assignment_create,
    assignment_delete,
    assignment_detail,
    assignment_edit,
    assignment_list,
    assignment_restore,
    load_preview,
    unit_view,
)
from .limits import (
    calendar_day_add,
    calendar_day_remove,
    limit_edit,
    limit_list,
    school_week_edit,
    subject_cap_add,
    subject_cap_edit,
    subject_cap_remove,
)
from .reviews import review_create, review_group, review_group_remove, review_list
from .students import assignment_copy, assignment_marking, assignment_students
from .week import class_day, class_day_notice, week_export, week_grid

__all__ = [
    "assignment_copy",
    "assignment_create",
    "assignment_delete",
    "assignment_detail",
    "assignment_edit",
    "assignment_list",
    "assignment_marking",
    "assignment_restore",
    "assignment_students",
    "calendar_day_add",
    "calendar_day_remove",
    "class_day",
    "class_day_notice",
    "limit_edit",
    "limit_list",
    "load_preview",
    "review_create",
    "review_group",
    "review_group_remove",
    "review_list",
    "school_week_edit",
    "subject_cap_add",
    "subject_cap_edit",
    "subject_cap_remove",
    "unit_view",
    "week_export",
    "week_grid",
]
