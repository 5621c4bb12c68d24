"""The home dashboard: a header, then the panels every app contributes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .plugins import dashboard_panels


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "core/dashboard.html", {"panels": dashboard_panels(request)})
