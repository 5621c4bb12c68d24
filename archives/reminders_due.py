"""Stale archives for the daily reminder scan: once a week per archive and teacher."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from archives.models import SupportCase
from core.plugins import DueReminder
from school.models import Term

STALE_TITLE = gettext_noop("%(student)s's %(subject)s archive has had no entry for %(days)s days")
STALE_BODY = gettext_noop("%(cls)s. Last entry: %(date)s.")


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
                title=_(STALE_TITLE) % params,
                body=_(STALE_BODY) % params,
                url=reverse("archives:archive", args=[case.pk]),
                # The daily digest's line opens the user's stale archives.
                list_url=reverse("archives:case_list") + "?stale=stale",
                # Shown in the reader's language (the subject's name stays as the school wrote it).
                title_text=STALE_TITLE,
                body_text=STALE_BODY,
                params={**params, "days": str(days)},
            )
