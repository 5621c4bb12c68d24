"""Photos of a student's work: checked, re-encoded and kept beside their record.

A phone photo is decoded (JPEG, PNG, or HEIC through pillow-heif), turned upright,
shrunk to a long side of at most 1600 px and saved again as JPEG with no EXIF at
all (so no GPS position); a thumbnail of at most 320 px is made at the same time.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from school.models import User

from .models import MAX_PHOTOS, Observation, ObservationPhoto, WorkPhoto

try:  # HEIC, the iPhone's default format
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIC = True
except ImportError:  # pragma: no cover - pillow-heif is in requirements.txt
    HEIC = False

LONG_SIDE = 1600
THUMB_SIDE = 320
P = TypeVar("P", bound=WorkPhoto)
FORMATS = {"JPEG", "MPO", "PNG"} | ({"HEIF"} if HEIC else set())


@dataclass
class ProcessedPhoto:
    image: bytes
    thumbnail: bytes
    width: int
    height: int


def max_bytes() -> int:
    return settings.PHOTO_MAX_MB * 1024 * 1024


def _jpeg(img: Image.Image, side: int) -> tuple[bytes, int, int]:
    copy = img.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif= argument: Pillow writes no EXIF, so nothing of the phone's metadata survives.
    copy.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue(), copy.width, copy.height


def process(upload) -> ProcessedPhoto:
    """The photo as we keep it, or a ValidationError saying what is wrong with the file."""
    name = getattr(upload, "name", "") or ""
    if upload.size > max_bytes():
        raise ValidationError(
            _("%(name)s is larger than %(mb)d MB.") % {"name": name, "mb": settings.PHOTO_MAX_MB}
        )
    try:
        upload.seek(0)
        opened = Image.open(upload)
        kind = opened.format
        opened.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        if name.lower().endswith((".heic", ".heif")) and not HEIC:
            raise ValidationError(
                _(
                    "HEIC photos cannot be read here: choose “Most Compatible” in the "
                    "phone's camera settings, or upload a screenshot."
                )
            ) from None
        raise ValidationError(
            _("%(name)s is not a photo: upload a JPEG, PNG or HEIC image.") % {"name": name}
        ) from None
    if kind not in FORMATS:
        raise ValidationError(
            _("%(name)s is not a photo: upload a JPEG, PNG or HEIC image.") % {"name": name}
        )
    img: Image.Image = ImageOps.exif_transpose(opened) or opened
    if img.mode != "RGB":
        rgba = img.convert("RGBA")
        img = Image.new("RGB", rgba.size, "white")
        img.paste(rgba, mask=rgba.getchannel("A"))
    image, width, height = _jpeg(img, LONG_SIDE)
    thumbnail, _w, _h = _jpeg(img, THUMB_SIDE)
    return ProcessedPhoto(image=image, thumbnail=thumbnail, width=width, height=height)


def process_all(uploads) -> list[ProcessedPhoto]:
    """Every upload processed, or one ValidationError listing each refused file."""
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError(_("At most %(n)d photos a record.") % {"n": MAX_PHOTOS})
    done, errors = [], []
    for upload in uploads:
        try:
            done.append(process(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return done


@transaction.atomic
def attach_photos(
    *, model: type[P], owner: models.Model, photos: Sequence[ProcessedPhoto], by: User
) -> list[P]:
    """Attach ``photos`` to ``owner`` (the record ``model``'s ``owner_field`` names): all
    of them, or none and a refusal keyed ``photos``. Files are written to the default
    storage; if saving the rows fails, the files written are removed again."""
    if not photos:
        return []
    # Lock the record so two uploads at once cannot pass four photos between them.
    type(owner).objects.select_for_update().filter(pk=owner.pk).first()  # type: ignore[attr-defined]
    have = model.objects.live().filter(**{model.owner_field: owner}).count()
    if have + len(photos) > MAX_PHOTOS:
        raise ValidationError(
            {
                "photos": _("At most %(n)d photos a record; this one has %(have)d.")
                % {"n": MAX_PHOTOS, "have": have}
            }
        )
    saved: list[P] = []
    try:
        for p in photos:
            photo = model(
                **{model.owner_field: owner}, width=p.width, height=p.height, uploaded_by=by
            )
            photo.image.save("photo.jpg", ContentFile(p.image), save=False)
            photo.thumbnail.save("thumb.jpg", ContentFile(p.thumbnail), save=False)
            saved.append(photo)
            photo.full_clean()
            photo.save()
    except BaseException:
        delete_files(saved)
        raise
    return saved


def add_observation_photos(
    *, observation: Observation, photos: Sequence[ProcessedPhoto], by: User
) -> list[ObservationPhoto]:
    return attach_photos(model=ObservationPhoto, owner=observation, photos=photos, by=by)


@transaction.atomic
def remove_photo(*, photo: WorkPhoto, by: User) -> WorkPhoto:
    """Take one photo off its record (soft: who and when are kept). The caller checks the
    user may correct the record."""
    if photo.removed_at is None:
        photo.removed_at = timezone.now()
        photo.removed_by = by
        photo.save(update_fields=["removed_at", "removed_by"])
    return photo


def photo_response(photo: WorkPhoto, *, thumbnail: bool = False) -> FileResponse:
    """The photo's JPEG bytes, never cached by a shared cache. The caller checks scope."""
    field = photo.thumbnail if thumbnail else photo.image
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def delete_files(photos: Sequence[WorkPhoto]) -> None:
    for photo in photos:
        photo.delete_files()


def _delete_files_with_row(sender, instance: WorkPhoto, **kwargs) -> None:
    """A photo row deleted any way (erasure, a cascade from its record, the admin) takes its
    files with it, once the deletion has committed."""
    transaction.on_commit(lambda: instance.delete_files())


def connect_file_cleanup() -> None:
    for model in apps.get_models():
        if issubclass(model, WorkPhoto):
            models.signals.post_delete.connect(
                _delete_files_with_row, sender=model, dispatch_uid=f"photo-files-{model._meta}"
            )
