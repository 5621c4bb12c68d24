"""The daily scan: tell the grade leaders of yesterday's and today's over-limit classes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from core.plugins import DueReminder
from school.models import GradeLeadership, SchoolClass, Term

from .load import day_loads
from .models import Assignment


def due(*, today: datetime.date) -> Iterable[DueReminder]:
    term = Term.objects.current()
    if term is None:
        return []
    days = [today - datetime.timedelta(days=1), today]
    class_ids = set(
        Assignment.objects.counting_load().on_days(days).values_list("school_class_id", flat=True)
    )
    if not class_ids:
        return []
    classes = list(SchoolClass.objects.select_related("grade").filter(pk__in=class_ids))
    leaders: dict[int, list[int]] = {}
    for grade_id, teacher_id in GradeLeadership.objects.filter(
        term=term, grade_id__in={c.grade_id for c in classes}
    ).values_list("grade_id", "teacher_id"):
        leaders.setdefault(grade_id, []).append(teacher_id)
    reminders = []
    for (class_id, day), load in sorted(day_loads(classes, days).items()):
        if not load.over:
            continue
        c = load.school_class
        for teacher_id in leaders.get(c.grade_id, []):
            reminders.append(
                DueReminder(
                    user_id=teacher_id,
                    kind="homework_over_limit",
                    key=f"{class_id}:{day.isoformat()}",
                    title=_("%(c)s is over the homework limit on %(d)s")
                    % {"c": c, "d": day.isoformat()},
                    body=_(
                        "Class average %(avg)s minutes of written homework, limit %(limit)d; "
                        "%(n)d students over it."
                    )
                    % {"avg": load.average, "limit": load.limit, "n": len(load.students_over)},
                    url=reverse("homework:class_day", args=[class_id, day.isoformat()]),
                )
            )
    return reminders
