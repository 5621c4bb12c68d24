"""Delivered dose for the archives' 落实率: after-school attendance and peer sessions.

The plug-in contract is in ``archives/monitoring_data.py``: ``delivered(*, cases, kinds)``
returns ``(case id, kind, date)``. A group of no subject (homework of every subject)
counts for every subject's case of its member; a pairing for its subject's case.
"""

from __future__ import annotations

from django.db.models import Q

from archives.models import PlannedDose

from .models import Attendance, PeerSession


def delivered(*, cases, kinds) -> list[tuple[int, str, object]]:
    if not cases:
        return []
    found: list[tuple[int, str, object]] = []
    case_of = {(c.student_id, c.subject_id, c.term_id): c.pk for c in cases}
    students = {c.student_id for c in cases}
    terms = {c.term_id for c in cases}
    if PlannedDose.Kind.AFTERSCHOOL in kinds:
        rows = Attendance.objects.filter(
            present=True, student_id__in=students, session__group__term_id__in=terms
        ).values_list(
            "student_id", "session__group__subject_id", "session__group__term_id", "session__date"
        )
        for student_id, subject_id, term_id, day in rows:
            for c in cases:
                if (
                    c.student_id == student_id
                    and c.term_id == term_id
                    and subject_id in (None, c.subject_id)
                ):
                    found.append((c.pk, PlannedDose.Kind.AFTERSCHOOL, day))
    if PlannedDose.Kind.PEER in kinds:
        peer = PeerSession.objects.filter(
            Q(pairing__tutee_id__in=students), pairing__term_id__in=terms
        ).values_list("pairing__tutee_id", "pairing__subject_id", "pairing__term_id", "date")
        for student_id, subject_id, term_id, day in peer:
            case_id = case_of.get((student_id, subject_id, term_id))
            if case_id is not None:
                found.append((case_id, PlannedDose.Kind.PEER, day))
    return found
