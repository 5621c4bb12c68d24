"""A photo of a student's work, served only to those who can see its record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.http import redirect_next
from school.scoping import ScopedRequest, get_object_in_scope

from ..models import Observation, ObservationPhoto
from ..photos import photo_response, remove_photo
from ..rules import require_correct_entry


@login_required
@require_GET
def photo(request: ScopedRequest, photo_pk: int, thumbnail: bool = False) -> HttpResponseBase:
    """The JPEG bytes; a 404 to anyone who cannot see the observation (MEDIA is public in dev)."""
    visible = Observation.objects.visible_to(request.scope)
    photos = ObservationPhoto.objects.live().filter(observation__in=visible.values("pk"))
    return photo_response(get_object_in_scope(photos, pk=photo_pk), thumbnail=thumbnail)


@login_required
@require_POST
def photo_remove(request: ScopedRequest, photo_pk: int) -> HttpResponse:
    """Take one photo off an observation: for those who may correct the observation."""
    visible = Observation.objects.alive().visible_to(request.scope)
    photos = ObservationPhoto.objects.live().filter(observation__in=visible.values("pk"))
    photo = get_object_in_scope(photos.select_related("observation"), pk=photo_pk)
    require_correct_entry(request.user, photo.observation)
    remove_photo(photo=photo, by=request.user)
    messages.success(request, _("Photo removed."))
    return redirect_next(request, "archives:observation_edit", photo.observation_id)
