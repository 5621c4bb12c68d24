"""Photos of marked homework on the marking page: up to three per student's row.

The photos are checked and re-encoded by ``archives.photos`` before anything is
saved; a refused file is reported on its row and no marking is saved.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from archives.models import MAX_PHOTOS
from archives.photos import ProcessedPhoto, attach_photos, process_all
from school.models import User

from . import services
from .models import Assignment, MarkingPhoto, MarkingRecord


def prepare_rows(rows: list[dict], existing: dict[int, MarkingRecord]) -> None:
    """Give each row of the marking form its file input's name and its saved photos."""
    for row in rows:
        record = existing.get(row["student"].pk)
        row["photo_field"] = f"photos-{row['student'].pk}"
        row["photos"] = list(record.photos.all()) if record else []
        row["photo_errors"] = []


def read_photos(
    request, rows: list[dict], marked: set[int]
) -> dict[int, list[ProcessedPhoto]] | None:
    """Every row's new photos, processed; None when any was refused (errors on its row)."""
    out: dict[int, list[ProcessedPhoto]] = {}
    refused = False
    for row in rows:
        uploads = request.FILES.getlist(row["photo_field"])
        if not uploads:
            continue
        pk = row["student"].pk
        try:
            if pk not in marked:
                raise ValidationError(_("Tick “Record” to keep this student's photos."))
            if len(row["photos"]) + len(uploads) > MAX_PHOTOS:
                raise ValidationError(
                    _("At most %(n)d photos a record; this one has %(have)d.")
                    % {"n": MAX_PHOTOS, "have": len(row["photos"])}
                )
            out[pk] = process_all(uploads)
        except ValidationError as error:
            row["photo_errors"] = error.messages
            refused = True
    return None if refused else out


@transaction.atomic
def record_markings_with_photos(
    *,
    assignment: Assignment,
    rows: list[services.MarkingData],
    photos: dict[int, list[ProcessedPhoto]],
    user: User,
) -> list[MarkingRecord]:
    """``services.record_markings`` and the rows' photos: all saved, or nothing."""
    saved = services.record_markings(assignment=assignment, rows=rows, user=user)
    for record in saved:
        attach_photos(
            model=MarkingPhoto, owner=record, photos=photos.get(record.student_id, []), by=user
        )
    return saved
