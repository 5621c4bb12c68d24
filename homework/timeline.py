"""Marking records in a student's progress archive timeline (one query: records and photos)."""

from __future__ import annotations

from django.db.models import FilteredRelation, Q
from django.utils.translation import gettext as _

from archives.timeline import ArchiveEntry, entry_url, rows_with_photos, user_name
from core.plugins import TimelineEntry

from .models import MarkingPhoto, MarkingRecord


def entries(*, scope, student, subject, term) -> list[TimelineEntry]:
    # Rows, not instances (a term of marking is a hundred records), one per record and
    # live photo (at most three): the photos come through a LEFT JOIN.
    rows = (
        MarkingRecord.objects.visible_to(scope)
        .filter(student=student, assignment__subject=subject, assignment__term=term)
        .annotate(
            live_photo=FilteredRelation("photos", condition=Q(photos__removed_at__isnull=True))
        )
        .order_by(
            "assignment__date", "created_at", "pk", "live_photo__created_at", "live_photo__pk"
        )
        .values(
            "pk",
            "assignment_id",
            "assignment__date",
            "assignment__title",
            "submitted",
            "on_time",
            "quality",
            "face_to_face",
            "mistakes",
            "comment",
            "marked_by__full_name",
            "marked_by__username",
            "created_at",
            "live_photo__pk",
        )
    )
    records = rows_with_photos(rows, MarkingPhoto.url_name)
    out: list[TimelineEntry] = []
    # Translated once, not once a record: a term of marking is a hundred records.
    not_submitted, on_time, late = _("Not submitted"), _("On time"), _("Late")
    face_to_face, kind_label = _("Face-to-face marking done"), _("Homework marking")
    qualities = {value: str(label) for value, label in MarkingRecord.Quality.choices}
    for r, photos in records.values():
        parts = []
        if not r["submitted"]:
            parts.append(not_submitted)
        else:
            parts.append(on_time if r["on_time"] else late)
            if r["quality"]:
                quality = qualities.get(r["quality"], r["quality"])
                parts.append(_("Quality: %(q)s") % {"q": quality})
        if r["face_to_face"]:
            parts.append(face_to_face)
        body = " · ".join(parts)
        if r["mistakes"]:
            body += "\n" + _("Mistakes: %(m)s") % {"m": r["mistakes"]}
        if r["comment"]:
            body += "\n" + _("Comment: %(c)s") % {"c": r["comment"]}
        out.append(
            ArchiveEntry(
                date=r["assignment__date"],
                kind="homework_marking",
                kind_label=kind_label,
                title=r["assignment__title"],
                body=body,
                rating=MarkingRecord.rating_of(submitted=r["submitted"], quality=r["quality"]),
                author=user_name(r["marked_by__full_name"], r["marked_by__username"]),
                url=entry_url("homework:detail", r["assignment_id"]),
                created_at=r["created_at"],
                photos=photos,
            )
        )
    return out
