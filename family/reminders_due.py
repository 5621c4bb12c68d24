"""The daily scan's family reminders: each head teacher hears, once a week, who is overdue."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_noop

from core.plugins import DueReminder
from core.text import Message, message, message_lines
from school.models import ClassHeadship, Term
from students.models import Student

from . import selectors


def due(*, today, user=None) -> Iterator[DueReminder]:
    """Each head teacher's overdue list; with ``user`` (the digest), that user's alone."""
    term = Term.objects.current()
    if term is None:
        return
    heads: dict[int, set[int]] = defaultdict(set)
    headships = ClassHeadship.objects.filter(term=term)
    if user is not None:
        headships = headships.filter(teacher_id=user.pk)
    for teacher_id, class_id in headships.values_list("teacher_id", "school_class_id"):
        heads[teacher_id].add(class_id)
    if not heads:
        return
    class_ids = set().union(*heads.values())
    students = Student.objects.filter(school_class_id__in=class_ids)
    overdue_by_class: dict[int, list[Message]] = defaultdict(list)
    rows = (
        selectors.overdue(students, term, today)
        .order_by("clock", "student_number")
        .values_list("school_class_id", "name", "clock")
    )
    for class_id, name, clock in rows:
        days = selectors.days_overdue(clock, today)
        overdue_by_class[class_id].append(
            message(gettext_noop("%(name)s (%(days)d days overdue)"), name=name, days=days)
        )
    iso_year, iso_week, _weekday = today.isocalendar()
    url = reverse("family:visit_plan") + "?overdue=1"
    for teacher_id, classes in heads.items():
        names = [n for class_id in sorted(classes) for n in overdue_by_class.get(class_id, [])]
        if not names:
            continue
        yield DueReminder(
            user_id=teacher_id,
            kind="home_visit_overdue",
            key=f"{iso_year}-W{iso_week}",
            title=message(
                gettext_noop("%(n)d struggling student is overdue for a home visit"),
                plural=gettext_noop("%(n)d struggling students are overdue for a home visit"),
                n=len(names),
            ),
            body=message_lines(names),
            url=url,
        )
