"""Inspection rounds due within a week: remind the director, inspectors and teachers."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_noop

from core.plugins import DueReminder
from core.text import label_message, message
from school.models import SubjectDirectorship

from .models import InspectionRound

DAYS_AHEAD = 7


def round_name(r: InspectionRound) -> object:
    """The round as ``str(round)`` reads it, its kind and "whole school" as messages."""
    subject = r.subject if r.subject_id else message(gettext_noop("Whole school"))
    return message(
        "%(term)s · %(kind)s · %(subject)s",
        term=r.term,
        kind=label_message(InspectionRound.Kind(r.kind).label),
        subject=subject,
    )


def due(*, today: datetime.date) -> Iterable[DueReminder]:
    rounds = list(
        InspectionRound.objects.not_finalized()
        .filter(due__gte=today, due__lte=today + datetime.timedelta(days=DAYS_AHEAD))
        .select_related("term", "subject")
        .prefetch_related("inspectors", "teachers")
    )
    if not rounds:
        return
    directors: dict[int, set[int]] = {}
    for subject_id, teacher_id in SubjectDirectorship.objects.values_list(
        "subject_id", "teacher_id"
    ):
        directors.setdefault(subject_id, set()).add(teacher_id)
    for r in rounds:
        url = reverse("inspections:round_detail", kwargs={"round_pk": r.pk})
        title = message(
            gettext_noop("Inspection due %(date)s: %(round)s"), date=r.due, round=round_name(r)
        )
        users = {r.created_by_id, *(directors.get(r.subject_id, set()) if r.subject_id else set())}
        users |= {u.pk for u in r.inspectors.all()}
        users |= {u.pk for u in r.teachers.all()}
        for user_id in sorted(users):
            yield DueReminder(
                user_id=user_id,
                kind="inspection_due",
                key=f"{r.pk}",
                title=title,
                body=message(
                    gettext_noop("Prepare or complete the routine inspection before the due date.")
                ),
                url=url,
            )
