"""Marking records in a student's progress archive timeline (two queries: records, photos)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from archives.timeline import ArchiveEntry
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
    for r in records.order_by("assignment__date", "created_at"):
        parts = []
        if not r.submitted:
            parts.append(_("Not submitted"))
        else:
            parts.append(_("On time") if r.on_time else _("Late"))
            if r.quality:
                parts.append(_("Quality: %(q)s") % {"q": r.get_quality_display()})
        if r.face_to_face:
            parts.append(_("Face-to-face marking done"))
        body = " · ".join(parts)
        if r.mistakes:
            body += "\n" + _("Mistakes: %(m)s") % {"m": r.mistakes}
        if r.comment:
            body += "\n" + _("Comment: %(c)s") % {"c": r.comment}
        out.append(
            ArchiveEntry(
                date=r.assignment.date,
                kind="homework_marking",
                kind_label=_("Homework marking"),
                title=r.assignment.title,
                body=body,
                rating=r.rating,
                author=str(r.marked_by),
                url=reverse("homework:detail", args=[r.assignment_id]),
                created_at=r.created_at,
                photos=list(r.photos.all()),
            )
        )
    return out
