"""Homework's part of the summary workbook (a ``sheets.py`` plug-in, core/plugins.py):
the load, class-days against the policy limit."""

from __future__ import annotations

import datetime

from django.utils.translation import pgettext

from core.plugins import Figure, Sheet
from school.models import GRADE_NAMES, today
from school.reporting import Filters
from school.scoping import Scope


def yes_no(value: bool) -> str:
    return pgettext("report", "Yes") if value else pgettext("report", "No")


def homework_days(scope: Scope, filters: Filters, *, last_days: int | None = None) -> dict:
    """The load of every (class, day) with homework counting toward the load, in range."""
    from homework.load import day_loads
    from homework.models import Assignment

    classes = scope.classes()
    if filters.school_class is not None:
        classes = classes.filter(pk=filters.school_class.pk)
    if filters.grade is not None:
        classes = classes.filter(grade=filters.grade)
    assignments = Assignment.objects.counting_load().filter(
        school_class__in=classes, **({"term": filters.term} if filters.term else {})
    )
    if filters.start:
        assignments = assignments.filter(date__gte=filters.start)
    if filters.end:
        assignments = assignments.filter(date__lte=filters.end)
    if last_days:
        assignments = assignments.filter(
            date__gt=today() - datetime.timedelta(days=last_days), date__lte=today()
        )
    pairs = set(assignments.order_by().values_list("school_class_id", "date").distinct())
    if not pairs:
        return {}
    in_range = list(classes.filter(id__in={c for c, _d in pairs}))
    loads = day_loads(in_range, {d for _c, d in pairs})
    return {key: load for key, load in loads.items() if key in pairs}


def homework_sheet(scope: Scope, filters: Filters) -> Sheet:
    def rows():
        loads = homework_days(scope, filters)
        for (_class_id, day), load in sorted(
            loads.items(),
            key=lambda item: (
                item[0][1],
                item[1].school_class.grade.level,
                item[1].school_class.number,
            ),
        ):
            yield (
                day,
                GRADE_NAMES.get(load.school_class.grade.level, ""),
                str(load.school_class),
                float(load.average),
                load.limit,
                yes_no(not load.over),
                len(load.students_over),
                "、".join(str(s.subject) for s in load.subjects),
            )

    return Sheet(
        title=pgettext("report", "Homework load"),
        headers=[
            pgettext("report", "Date"),
            pgettext("report", "Grade"),
            pgettext("report", "Class"),
            pgettext("report", "Average minutes"),
            pgettext("report", "Limit (minutes)"),
            pgettext("report", "Within the limit"),
            pgettext("report", "Students over the limit"),
            pgettext("report", "Subjects"),
        ],
        rows=rows(),
        widths=[12, 10, 16, 12, 12, 12, 14, 30],
        order=80,
        detail=True,
    )


# ---- the plug-in ----------------------------------------------------------------------------
def sheets(*, scope: Scope, filters: Filters) -> list[Sheet]:
    return [homework_sheet(scope, filters)]


def overview_rows(*, scope: Scope, filters: Filters) -> list[Figure]:
    loads = homework_days(scope, filters)
    return [
        Figure(pgettext("report", "Class-days with homework"), len(loads), order=50),
        Figure(
            pgettext("report", "Class-days over the load limit"),
            sum(1 for load in loads.values() if load.over),
            order=51,
        ),
    ]
