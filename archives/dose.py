"""Delivered dose the archive holds: one-to-one tutoring sessions.

The plug-in contract (``archives/monitoring_data.py``): ``delivered(*, cases, kinds)``
returns ``(case id, kind, date, minutes | None)`` of each session delivered, in one
query per kind; a session recorded before minutes were asked has None.
"""

from __future__ import annotations

from .models import PlannedDose, TutoringSession


def delivered(*, cases, kinds) -> list[tuple[int, str, object, int | None]]:
    if PlannedDose.Kind.TUTORING not in kinds:
        return []
    rows = (
        TutoringSession.objects.alive()
        .filter(case__in=cases)
        .values_list("case_id", "date", "minutes")
    )
    return [(case_id, PlannedDose.Kind.TUTORING, day, minutes) for case_id, day, minutes in rows]
