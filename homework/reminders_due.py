"""The daily scan: tell the grade leaders of yesterday's and today's over-limit classes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from core.plugins import DueReminder
from core.text import message
from school.models import GradeLeadership, SchoolClass, Term

from .load import day_loads
from .models import Assignment, LoadOverride, OverLimitResponse


def due(*, today: datetime.date) -> Iterable[DueReminder]:
    term = Term.objects.current()
    if term is None:
        return []
    return [*_over_limit_days(term, today), *_overrides_saved(term, today), *_cut_asks(today)]


def _leaders(term, grade_ids) -> dict[int, list[int]]:
    leaders: dict[int, list[int]] = {}
    for grade_id, teacher_id in GradeLeadership.objects.filter(
        term=term, grade_id__in=grade_ids
    ).values_list("grade_id", "teacher_id"):
        leaders.setdefault(grade_id, []).append(teacher_id)
    return leaders


def _overrides_saved(term, today: datetime.date) -> list[DueReminder]:
    """An over-limit save made today reaches the grade leader today, with its reason."""
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    overrides = list(
        LoadOverride.objects.filter(
            created_at__gte=start, created_at__lt=start + datetime.timedelta(days=1)
        ).select_related("school_class__grade", "assignment__subject", "recorded_by")
    )
    leaders = _leaders(term, {o.school_class.grade_id for o in overrides})
    return [
        DueReminder(
            user_id=leader,
            kind="homework_over_limit",
            key=f"override:{o.pk}",
            title=message(
                gettext_noop("%(teacher)s saved %(c)s over the limit on %(d)s"),
                teacher=o.recorded_by,
                c=o.school_class,
                d=o.date.isoformat(),
            ),
            body=message(
                gettext_noop(
                    "%(subject)s: %(reason)s (class average %(avg)s of %(limit)d minutes)"
                ),
                subject=o.assignment.subject,
                reason=o.reason,
                avg=o.average_minutes,
                limit=o.limit_minutes,
            ),
            url=reverse("homework:class_day", args=[o.school_class_id, o.date.isoformat()]),
        )
        for o in overrides
        for leader in leaders.get(o.school_class.grade_id, [])
    ]


def _cut_asks(today: datetime.date) -> list[DueReminder]:
    """A grade leader's ask to cut reaches the teachers who set that day's homework."""
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    asks = list(
        OverLimitResponse.objects.filter(
            action=OverLimitResponse.Action.CUT_ASKED, updated_at__gte=start
        ).select_related("school_class", "responded_by")
    )
    out = []
    for r in asks:
        teachers = set(
            Assignment.objects.counting_load()
            .filter(school_class=r.school_class, date=r.date)
            .values_list("set_by_id", flat=True)
        )
        for teacher_id in sorted(teachers):
            out.append(
                DueReminder(
                    user_id=teacher_id,
                    kind="homework_over_limit",
                    key=f"cut:{r.pk}:{r.updated_at:%Y%m%d%H%M%S}",
                    title=message(
                        gettext_noop("%(leader)s asks to cut the homework of %(c)s on %(d)s"),
                        leader=r.responded_by,
                        c=r.school_class,
                        d=r.date.isoformat(),
                    ),
                    body=r.note,
                    url=reverse("homework:class_day", args=[r.school_class_id, r.date.isoformat()]),
                )
            )
    return out


def _over_limit_days(term, today: datetime.date) -> list[DueReminder]:
    days = [today - datetime.timedelta(days=1), today]
    class_ids = set(
        Assignment.objects.counting_load().on_days(days).values_list("school_class_id", flat=True)
    )
    if not class_ids:
        return []
    classes = list(SchoolClass.objects.select_related("grade").filter(pk__in=class_ids))
    leaders = _leaders(term, {c.grade_id for c in classes})
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
                    title=message(
                        gettext_noop("%(c)s is over the homework limit on %(d)s"),
                        c=c,
                        d=day.isoformat(),
                    ),
                    body=message(
                        gettext_noop(
                            "Class average %(avg)s minutes of written homework, limit %(limit)d; "
                            "%(n)d students over it."
                        ),
                        avg=load.average,
                        limit=load.limit,
                        n=len(load.students_over),
                    ),
                    url=reverse("homework:class_day", args=[class_id, day.isoformat()]),
                )
            )
    return reminders
