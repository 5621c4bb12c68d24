"""New early-warning flags for a team meeting's agenda (collab/agenda.py's plug-in):
students whose recent evaluations suggest identifying them, in the user's scope."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_noop

from core.text import message

from .warnings import suggestions


def flags(*, scope, term, today: datetime.date) -> list[tuple[int, int | None, str, str]]:
    return [
        (
            s.student.pk,
            s.subject.pk,
            "early_warning",
            message(
                gettext_noop(
                    "%(subject)s: early warning, %(n)d evaluations in a row below the goal"
                ),
                subject=s.subject,
                n=len(s.run),
            ),
        )
        for s in suggestions(scope=scope, term=term)
    ]
