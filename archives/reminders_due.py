"""Stale archives for the daily reminder scan: once a week per archive and teacher."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from archives import monitoring_reminders
from archives.models import SupportCase
from core.plugins import DueReminder
from school.models import Term


def due(*, today: datetime.date) -> Iterator[DueReminder]:
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
            yield DueReminder(
                user_id=user_id,
                kind="archive_stale",
                # One reminder per archive per ISO week, however many days it stays stale.
                key=f"archive_stale:{case.pk}:{year}-W{week:02d}",
                title=_("%(student)s's %(subject)s archive has had no entry for %(days)d days")
                % {"student": case.student.name, "subject": case.subject, "days": days},
                body=_("%(cls)s. Last entry: %(date)s.")
                % {"cls": case.student.school_class, "date": f"{case.last_entry_on:%Y-%m-%d}"},
                url=reverse("archives:archive", args=[case.pk]),
            )
    yield from monitoring_reminders.due(today=today)
