"""Requests the app refuses before any view sees them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class RefuseNullCharactersMiddleware:
    """A NUL character in the query string is a 400.

    PostgreSQL cannot store or compare a string holding NUL, so a search or filter
    carrying one was a 500. Forms refuse NUL themselves (``CharField``); GET
    parameters are read by views directly, so they are checked here once.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                return HttpResponseBadRequest(
                    _("The address contains a null character."), content_type="text/plain"
                )
        return self.get_response(request)
