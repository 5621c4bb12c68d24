"""A photo of a student's work, served only to those who can see its record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBase
from django.views.decorators.http import require_GET

from school.scoping import ScopedRequest, get_object_in_scope

from ..models import Observation, ObservationPhoto
from ..photos import photo_response


@login_required
@require_GET
def photo(request: ScopedRequest, photo_pk: int, thumbnail: bool = False) -> HttpResponseBase:
    """The JPEG bytes; a 404 to anyone who cannot see the observation (MEDIA is public in dev)."""
    visible = Observation.objects.visible_to(request.scope)
    photos = ObservationPhoto.objects.filter(observation__in=visible.values("pk"))
    return photo_response(get_object_in_scope(photos, pk=photo_pk), thumbnail=thumbnail)
