"""The daily reminder scan: stale archives (once a week per archive and teacher), and
agreed actions due or overdue (one message per owner per day, listing them all)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_noop

from archives import monitoring_reminders
from archives.models import AgreedAction, SupportCase
from core.plugins import DueReminder
from core.text import message, message_lines
from school.models import Term
from students.models import Student

STALE_TITLE = gettext_noop("%(student)s's %(subject)s archive has had no entry for %(days)s days")
STALE_BODY = gettext_noop("%(cls)s. Last entry: %(date)s.")


def due(*, today: datetime.date) -> Iterator[DueReminder]:
    yield from actions_due(today=today)
    yield from archives_stale(today=today)


# How many actions one reminder lists before "and N more".
LISTED_ACTIONS = 10


def actions_due(*, today: datetime.date) -> Iterator[DueReminder]:
    """Each owner's open actions due today or earlier: one reminder per owner per day."""
    actions = (
        AgreedAction.objects.due_by(today)
        .filter(discussion__case__student__status__in=Student.ACTIVE_STATUSES)
        .select_related("discussion__case__student", "discussion__case__subject")
        .order_by("owner_id", "due_on", "pk")
    )
    by_owner: dict[int, list[AgreedAction]] = {}
    for action in actions:
        by_owner.setdefault(action.owner_id, []).append(action)
    for owner_id, mine in by_owner.items():
        overdue = sum(1 for a in mine if a.due_on < today)
        lines = [
            f"{a.due_on:%m-%d} {a.discussion.case.student.name} · {a.discussion.case.subject}: "
            f"{a.description}"
            for a in mine[:LISTED_ACTIONS]
        ]
        if len(mine) > LISTED_ACTIONS:
            lines.append(message(gettext_noop("… and %(n)d more"), n=len(mine) - LISTED_ACTIONS))
        yield DueReminder(
            user_id=owner_id,
            kind="action_due",
            key=f"action_due:{today:%Y-%m-%d}",
            title=message(
                gettext_noop("%(n)d agreed actions due (%(overdue)d overdue)"),
                n=len(mine),
                overdue=overdue,
            ),
            body=message_lines(lines),
            url=reverse("archives:my_actions"),
            count=len(mine),
            list_url=reverse("archives:my_actions"),
        )


def archives_stale(*, today: datetime.date) -> Iterator[DueReminder]:
    term = Term.objects.containing(today).first()
    if term is None:
        return
    cases = (
        SupportCase.objects.filter(term=term)
        .stale(as_of=today)
        .select_related("student__school_class", "subject")
        .prefetch_related("responsible_teachers")
    )
    year, week, _weekday = today.isocalendar()
    for case in cases:
        days = (today - case.last_entry_on).days
        recipients = {t.pk for t in case.responsible_teachers.all()} or {case.identified_by_id}
        for user_id in sorted(recipients):
            params = {
                "student": case.student.name,
                "subject": case.subject,
                "days": days,
                "cls": case.student.school_class,
                "date": f"{case.last_entry_on:%Y-%m-%d}",
            }
            yield DueReminder(
                user_id=user_id,
                kind="archive_stale",
                # One reminder per archive per ISO week, however many days it stays stale.
                key=f"archive_stale:{case.pk}:{year}-W{week:02d}",
                title=message(STALE_TITLE, **params),
                body=message(STALE_BODY, **params),
                url=reverse("archives:archive", args=[case.pk]),
                # The daily digest's line opens the user's stale archives.
                list_url=reverse("archives:case_list") + "?stale=stale",
                # Messages: shown in the reader's language (the subject's name stays as the
                # school wrote it).
            )
    yield from monitoring_reminders.due(today=today)
