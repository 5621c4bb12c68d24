"""Marking records in a student's progress archive timeline (two queries: records, photos)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from archives.timeline import ArchiveEntry, entry_url
from core.plugins import TimelineEntry

from .models import MarkingPhoto, MarkingRecord


def entries(*, scope, student, subject, term) -> list[TimelineEntry]:
    records = (
        MarkingRecord.objects.visible_to(scope)
        .filter(student=student, assignment__subject=subject, assignment__term=term)
        .select_related("assignment", "marked_by")
        .prefetch_related(Prefetch("photos", queryset=MarkingPhoto.objects.live()))
    )
    out: list[TimelineEntry] = []
    # Translated once, not once a record: a term of marking is a hundred records.
    not_submitted, on_time, late = _("Not submitted"), _("On time"), _("Late")
    face_to_face, kind_label = _("Face-to-face marking done"), _("Homework marking")
    for r in records.order_by("assignment__date", "created_at"):
        parts = []
        if not r.submitted:
            parts.append(not_submitted)
        else:
            parts.append(on_time if r.on_time else late)
            if r.quality:
                parts.append(_("Quality: %(q)s") % {"q": r.get_quality_display()})
        if r.face_to_face:
            parts.append(face_to_face)
        body = " · ".join(parts)
        if r.mistakes:
            body += "\n" + _("Mistakes: %(m)s") % {"m": r.mistakes}
        if r.comment:
            body += "\n" + _("Comment: %(c)s") % {"c": r.comment}
        out.append(
            ArchiveEntry(
                date=r.assignment.date,
                kind="homework_marking",
                kind_label=kind_label,
                title=r.assignment.title,
                body=body,
                rating=r.rating,
                author=str(r.marked_by),
                url=entry_url("homework:detail", r.assignment_id),
                created_at=r.created_at,
                photos=list(r.photos.all()),
            )
        )
    return out
