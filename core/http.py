"""Redirects that follow ``next`` safely."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str, *args, **kwargs) -> str:
    """Where to go after a form: ``next`` (POST, then GET) if it is a path on this site.

    Anything else — another host (``https://evil.example/``), a scheme-relative
    ``//evil.example``, ``javascript:``, or a bare word like ``foo`` — gives
    ``default``, a URL name (with ``args``/``kwargs``) or a path. Never raises.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith("//")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return resolve_url(default, *args, **kwargs)


def redirect_next(request: HttpRequest, default: str, *args, **kwargs) -> HttpResponseRedirect:
    """A redirect to ``safe_next(request, default, ...)``."""
    return HttpResponseRedirect(safe_next(request, default, *args, **kwargs))
