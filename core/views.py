"""The home dashboard: a header, then the panels every app contributes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from . import page_cache
from .page_cache import kept_page
from .plugins import dashboard_panels


@login_required
@kept_page
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "core/dashboard.html", {"panels_html": _panels_html(request)})


def _panels_html(request: HttpRequest) -> str:
    """The panels, rendered; kept while nothing in the school is written (page_cache)."""
    key = page_cache.home_key(request) if page_cache.seconds() else ""
    html = page_cache.get(key) if key else None
    if html is None:
        html = render_to_string(
            "core/_panels.html", {"panels": dashboard_panels(request)}, request=request
        )
        if key:
            page_cache.put(key, html)
    return mark_safe(html)  # noqa: S308  (our own template's output)
