"""Overdue home visits for a team meeting's agenda (collab/agenda.py's plug-in), only
for the students whose family data the user may see (family/rules.py)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_noop

from core.text import message

from . import selectors
from .rules import family_students


def flags(*, scope, term, today: datetime.date) -> list[tuple[int, int | None, str, str]]:
    if term is None:
        return []
    rows = selectors.overdue(family_students(scope), term, today).values_list("pk", "clock")
    return [
        (
            student_id,
            None,
            "home_visit_overdue",
            message(
                gettext_noop("Home visit overdue by %(days)d days"),
                days=selectors.days_overdue(clock, today),
            ),
        )
        for student_id, clock in rows
    ]
