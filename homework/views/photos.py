"""A photo of marked homework, served only to those who can see the marking record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from archives.photos import photo_response, remove_photo
from core.http import redirect_next
from school.scoping import ScopedRequest, get_object_in_scope

from .. import rules
from ..models import MarkingPhoto, MarkingRecord


@login_required
@require_GET
def photo(
    request: ScopedRequest, marking_photo_pk: int, thumbnail: bool = False
) -> HttpResponseBase:
    """The JPEG bytes; a 404 to anyone who cannot see the marking record."""
    visible = MarkingRecord.objects.visible_to(request.scope)
    photos = MarkingPhoto.objects.live().filter(marking__in=visible.values("pk"))
    return photo_response(get_object_in_scope(photos, pk=marking_photo_pk), thumbnail=thumbnail)


@login_required
@require_POST
def photo_remove(request: ScopedRequest, marking_photo_pk: int) -> HttpResponse:
    """Take one photo off a marking record: for those who may record marking."""
    visible = MarkingRecord.objects.visible_to(request.scope)
    photos = MarkingPhoto.objects.live().filter(marking__in=visible.values("pk"))
    photo = get_object_in_scope(photos.select_related("marking__assignment"), pk=marking_photo_pk)
    assignment = photo.marking.assignment
    if not rules.can_mark(request.scope, assignment):
        raise PermissionDenied
    remove_photo(photo=photo, by=request.user)
    messages.success(request, _("Photo removed."))
    return redirect_next(request, "homework:marking", assignment.pk)
