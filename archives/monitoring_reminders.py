"""Monitoring reminders for the daily scan (through ``archives/reminders_due.py``).

- A monitored goal whose measure has had no point for longer than its frequency joins
  its owners' stale-archive reminders (one a goal a week, batched with the others).
- A new "adjust the support" decision reminds the case's teachers once per phase.

Both use the "archive_stale" kind: the reminders app's kinds are its own
(a kind of their own would be a change there).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_noop

from core.plugins import DueReminder
from core.text import message, shown_text
from school.models import Term

from .models import SupportCase
from .monitoring import Decision
from .monitoring_data import monitoring_for
from .selectors import case_teacher_ids

KIND = "archive_stale"


def due(*, today: datetime.date) -> Iterator[DueReminder]:
    term = Term.objects.containing(today).first()
    if term is None:
        return
    cases = list(
        SupportCase.objects.filter(term=term, goals__monitor__isnull=False)
        .open()
        .distinct()
        .select_related("student__school_class", "subject", "term")
        .prefetch_related("responsible_teachers")
    )
    if not cases:
        return
    teachers = case_teacher_ids(cases, term)
    year, week, _weekday = today.isocalendar()
    for cm in monitoring_for(cases).values():
        case = cm.case
        owners = sorted({t.pk for t in case.responsible_teachers.all()} or {case.identified_by_id})
        url = reverse("archives:archive", args=[case.pk]) + "#monitoring"
        for series in cm.series:
            phase, measure = series.current, series.measure
            last = max((p.date for p in phase.points), default=phase.start)
            if phase.start <= today and (today - last).days > measure.frequency_days:
                for user_id in owners:
                    yield DueReminder(
                        user_id=user_id,
                        kind=KIND,
                        key=f"monitoring_stale:{phase.monitor.pk}:{year}-W{week:02d}",
                        title=message(
                            gettext_noop("%(student)s: no %(measure)s point for %(days)d days"),
                            student=case.student.name,
                            measure=shown_text(measure.name),
                            days=(today - last).days,
                        ),
                        body=message(
                            gettext_noop("%(cls)s · %(subject)s. Suggested: every %(n)d days."),
                            cls=case.student.school_class,
                            subject=case.subject,
                            n=measure.frequency_days,
                        ),
                        url=url,
                    )
            if series.verdict.decision == Decision.ADJUST:
                for user_id in sorted(teachers.get(case.pk, set()) | set(owners)):
                    yield DueReminder(
                        user_id=user_id,
                        kind=KIND,
                        key=f"monitoring_adjust:{phase.monitor.pk}",
                        title=message(
                            gettext_noop("%(student)s's %(subject)s: adjust the support"),
                            student=case.student.name,
                            subject=case.subject,
                        ),
                        body=message(
                            gettext_noop("%(measure)s: %(reason)s"),
                            measure=shown_text(measure.name),
                            reason=series.verdict.reason,
                        ),
                        url=url,
                    )
