"""Delivered dose from marking records: face-to-face marking (面批) of a case's subject.

The plug-in contract is in ``archives/monitoring_data.py``: ``delivered(*, cases, kinds)``
returns ``(case id, kind, date, minutes | None)``. A marking record has no duration
(None): 落实率 counts its sessions, and its minutes as the plan's.
"""

from __future__ import annotations

from archives.models import PlannedDose

from .models import MarkingRecord


def delivered(*, cases, kinds) -> list[tuple[int, str, object, None]]:
    if PlannedDose.Kind.FACE_TO_FACE not in kinds or not cases:
        return []
    case_of = {(c.student_id, c.subject_id, c.term_id): c.pk for c in cases}
    rows = MarkingRecord.objects.filter(
        face_to_face=True,
        student_id__in={c.student_id for c in cases},
        assignment__subject_id__in={c.subject_id for c in cases},
        assignment__term_id__in={c.term_id for c in cases},
        assignment__withdrawn_at__isnull=True,
    ).values_list("student_id", "assignment__subject_id", "assignment__term_id", "assignment__date")
    found: list[tuple[int, str, object, None]] = []
    for student_id, subject_id, term_id, day in rows:
        case_id = case_of.get((student_id, subject_id, term_id))
        if case_id is not None:
            found.append((case_id, PlannedDose.Kind.FACE_TO_FACE, day, None))
    return found
