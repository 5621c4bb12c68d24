"""Photos of a student's work (作业/课堂照片) attached to an archive entry.

The files live in the default storage under random names and are never linked
from MEDIA_URL: ``archives:photo`` serves them to whoever can see the entry.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# At most this many photos on one record.
MAX_PHOTOS = 3


def photo_path(instance: models.Model, filename: str) -> str:
    """A name nobody can guess: 128 random bits, nothing from the upload."""
    return f"work-photos/{secrets.token_hex(16)}.jpg"


class PhotoQuerySet(models.QuerySet):
    def live(self) -> PhotoQuerySet:
        """Not removed: what pages show, what is served and what counts toward the limit."""
        return self.filter(removed_at__isnull=True)


class WorkPhoto(models.Model):
    """A photo, re-encoded as JPEG without its metadata, and its thumbnail.

    Removing a photo is soft (``removed_at``/``removed_by``): it is no longer shown or
    served, and its record can take another; the file goes when the student is erased.
    """

    image = models.FileField(_("photo"), upload_to=photo_path, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=photo_path, max_length=200)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    uploaded_by = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("removed by"),
    )

    objects = PhotoQuerySet.as_manager()

    # The concrete model's foreign key to its record, and the URL name serving it.
    owner_field = ""
    url_name = ""

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def url(self) -> str:
        return reverse(self.url_name, args=[self.pk])

    def thumbnail_url(self) -> str:
        return reverse(f"{self.url_name}_thumb", args=[self.pk])

    def remove_url(self) -> str:
        return reverse(f"{self.url_name}_remove", args=[self.pk])

    def delete_files(self) -> None:
        for f in (self.image, self.thumbnail):
            if f.name:
                f.storage.delete(f.name)


class ObservationPhoto(WorkPhoto):
    observation = models.ForeignKey(
        "archives.Observation",
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("observation"),
    )

    owner_field = "observation"
    url_name = "archives:photo"

    class Meta(WorkPhoto.Meta):
        verbose_name = _("observation photo")
        verbose_name_plural = _("observation photos")

    def __str__(self) -> str:
        return self.image.name or ""
