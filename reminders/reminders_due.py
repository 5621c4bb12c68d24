"""This app's own reminder source: mid-term and end-of-term reviews approaching.

N days (``REVIEW_REMINDER_DAYS_BEFORE``) before each review date of the current
term, every teacher with struggling students (open support cases they are
responsible for, or in a class × subject they teach) is reminded, with the
students whose archives need completing. The scan runs daily and the key names
the term and the review, so a scan missed on day N is made up the next day,
and nobody is reminded twice for the same review.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.apps import apps
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_noop

from archives.models import SupportCase, SupportCaseQuerySet
from archives.selectors import case_teacher_ids
from core.plugins import DueReminder
from core.text import Message, message, message_lines
from school.models import Term

from .models import Reminder

MAX_LINES = 30


def upcoming_reviews(term: Term, today: datetime.date) -> list[tuple[str, Message, datetime.date]]:
    """The reviews of ``term`` whose reminder window [date - N days, date] holds today."""
    window = datetime.timedelta(days=settings.REVIEW_REMINDER_DAYS_BEFORE)
    reviews = [
        ("midterm", message(gettext_noop("mid-term review")), term.midterm_review),
        ("final", message(gettext_noop("end-of-term review")), term.final_review),
    ]
    return [(code, label, date) for code, label, date in reviews if date - window <= today <= date]


def with_archive_state(cases: SupportCaseQuerySet, term: Term) -> SupportCaseQuerySet:
    """Annotate each case's archive: ``last_entry_on`` and ``has_summary`` (this term).

    Uses the archives app's own reading of "stale" when it is installed.
    """
    if not apps.is_installed("archives"):
        return cases
    from archives.models import ArchiveSummary

    return cases.with_last_entry().annotate(
        has_summary=Exists(
            ArchiveSummary.objects.alive().filter(case=OuterRef("pk"), date__gte=term.start)
        )
    )


def struggling_students_by_teacher(term: Term) -> dict[int, list[SupportCase]]:
    """Open cases of the term, by each teacher they concern (a constant number of queries)."""
    cases = list(
        with_archive_state(SupportCase.objects.open().for_term(term), term)
        .select_related("student", "subject")
        .prefetch_related("responsible_teachers")
        .order_by("student__school_class_id", "student__student_number", "subject__order")
    )
    teachers = case_teacher_ids(cases, term)
    by_teacher: dict[int, list[SupportCase]] = defaultdict(list)
    for case in cases:
        for teacher_id in teachers[case.pk]:
            by_teacher[teacher_id].append(case)
    return by_teacher


def cases_url() -> str:
    return reverse("archives:case_list")


def archive_gaps(case: SupportCase, today: datetime.date) -> list[Message]:
    """What the case's archive lacks: recent entries, a summary this term."""
    gaps = []
    last_entry = getattr(case, "last_entry_on", None)
    if last_entry is not None and case.is_stale(as_of=today):
        gaps.append(
            message(gettext_noop("archive stale since %(date)s"), date=last_entry.isoformat())
        )
    if getattr(case, "has_summary", True) is False:
        gaps.append(message(gettext_noop("no summary this term")))
    return gaps


def join_gaps(gaps: list[Message]) -> Message:
    text = gaps[0]
    for gap in gaps[1:]:
        text = message(gettext_noop("%(first)s; %(second)s"), first=text, second=gap)
    return text


def case_lines(cases: list[SupportCase], today: datetime.date) -> Message:
    gaps = {case.pk: archive_gaps(case, today) for case in cases}
    # The archives that need work first, then the others, each in roster order.
    ordered = sorted(cases, key=lambda case: not gaps[case.pk])
    lines: list[Message] = []
    for case in ordered:
        line = message(
            gettext_noop("· %(student)s (%(number)s) %(subject)s"),
            student=case.student.name,
            number=case.student.student_number,
            subject=case.subject,
        )
        if gaps[case.pk]:
            line = message(
                gettext_noop("%(case)s: %(gaps)s"), case=line, gaps=join_gaps(gaps[case.pk])
            )
        lines.append(line)
    if len(lines) > MAX_LINES:
        rest = len(lines) - MAX_LINES
        lines = lines[:MAX_LINES] + [message(gettext_noop("… and %(count)d more"), count=rest)]
    return message_lines(lines)


def due(*, today: datetime.date, user=None) -> Iterator[DueReminder]:
    """The review reminders; with ``user`` (the digest), only that user's are written."""
    term = Term.objects.current()
    if term is None:
        return
    reviews = upcoming_reviews(term, today)
    if not reviews:
        return
    by_teacher = struggling_students_by_teacher(term)
    url = cases_url()
    for code, label, date in reviews:
        days = (date - today).days
        for teacher_id, cases in by_teacher.items():
            if user is not None and teacher_id != user.pk:
                continue
            if days == 0:
                title = gettext_noop(
                    "The %(review)s is today: complete your struggling students' archives"
                )
            else:
                title = gettext_noop(
                    "The %(review)s is in %(days)d days: complete your struggling students' archives"
                )
            intro = message(
                gettext_noop(
                    "The %(review)s is on %(date)s. Bring the progress archives and summaries of "
                    "your struggling students up to date:"
                ),
                review=label,
                date=date.isoformat(),
            )
            yield DueReminder(
                user_id=teacher_id,
                kind=Reminder.Kind.REVIEW_DUE,
                key=f"term{term.pk}:{code}",
                title=message(title, review=label, days=days),
                body=message_lines([intro, case_lines(cases, today)]),
                url=url,
            )
