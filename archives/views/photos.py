"""A photo of a student's work, served only to those who can see its record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseBase
from django.views.decorators.http import require_GET

from school.scoping import ScopedRequest, get_object_in_scope

from ..models import Observation, ObservationPhoto


@login_required
@require_GET
def photo(request: ScopedRequest, photo_pk: int, thumbnail: bool = False) -> HttpResponseBase:
    """The JPEG bytes; a 404 to anyone who cannot see the observation (MEDIA is public in dev)."""
    visible = Observation.objects.visible_to(request.scope)
    photos = ObservationPhoto.objects.filter(observation__in=visible.values("pk"))
    item = get_object_in_scope(photos, pk=photo_pk)
    field = item.thumbnail if thumbnail else item.image
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
