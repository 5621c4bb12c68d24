"""A photo of marked homework, served only to those who can see the marking record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBase
from django.views.decorators.http import require_GET

from archives.photos import photo_response
from school.scoping import ScopedRequest, get_object_in_scope

from ..models import MarkingPhoto, MarkingRecord


@login_required
@require_GET
def photo(
    request: ScopedRequest, marking_photo_pk: int, thumbnail: bool = False
) -> HttpResponseBase:
    """The JPEG bytes; a 404 to anyone who cannot see the marking record."""
    visible = MarkingRecord.objects.visible_to(request.scope)
    photos = MarkingPhoto.objects.filter(marking__in=visible.values("pk"))
    return photo_response(get_object_in_scope(photos, pk=marking_photo_pk), thumbnail=thumbnail)
