"""Pages kept, rendered, between requests while nothing in the school changed.

Two things are kept, each under a key holding a *data generation*: one value for the whole
school, replaced after anything is written.

- The home dashboard's panels (every app's, a dozen queries over the user's scope).
- Whole pages of the views decorated ``@kept_page`` (the main lists, the progress archive, the
  school dashboard): for one reader, one address, one language, one school day. A read of
  restricted details that such a page logs (``students.access_log``) is logged again each
  time the kept page is shown (the ``page_replayed`` signal), so the access log is the same
  as if the page had been built.

- every ``post_save`` / ``post_delete`` / ``m2m_changed`` of a model (but the ones below that
  record reads, logins and sessions, which change no panel) replaces it when the transaction
  commits;
- so does every request that is not a read (POST, PUT, PATCH, DELETE), whatever it wrote:
  that covers ``QuerySet.update()`` and ``bulk_create``, which send no signal, from a view;
- Celery tasks and commands that write in bulk call ``bump()`` themselves.

The key also holds the user, their session (so a cached CSRF token is the session's own),
the language and the school's date (a due date passes at midnight), and the entry lives
``HOME_CACHE_SECONDS`` at most. So a panel is never older than the last write: a figure a
teacher just changed shows at once. When the school writes all day the hit rate falls, and
the page is simply built again; it is never wrong.

Off (0) when the cache is local to each process (no REDIS_URL in production: one process
could not tell another of a write) and in the test suite, but in its own tests.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone, translation

GENERATION_KEY = "bangfu:data:generation"

# Models whose writes change no panel: reads logged, login attempts, sessions, history rows
# (these accompany a save of their own model, which bumps).
IGNORED_APPS = {"sessions", "axes", "admin", "contenttypes"}
IGNORED_MODELS = {"students.accessrecord"}


def seconds() -> int:
    return getattr(settings, "HOME_CACHE_SECONDS", 0)


def generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        value = cache.get(GENERATION_KEY)
    return str(value)


def _replace() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def bump() -> None:
    """Every cached page is stale from now on (and again once the transaction commits)."""
    if not seconds():
        return
    _replace()
    if not (
        connection.in_atomic_block
        and any(entry[1] is _replace for entry in connection.run_on_commit)
    ):
        transaction.on_commit(_replace)  # once per transaction, however many rows it writes


def home_key(request) -> str:
    session_key = request.session.session_key or ""
    parts = (
        generation(),
        request.user.pk,
        hashlib.sha256(session_key.encode()).hexdigest()[:16],
        translation.get_language(),
        timezone.localdate().isoformat(),
    )
    return "bangfu:home:" + ":".join(str(p) for p in parts)


# Sent when a kept page is shown instead of built, with ``reads``: what the page logged when
# it was built (the access log's (student id, what) pairs), to be logged again for this view.
page_replayed = Signal()

# Where a page being built notes the reads it logs (students.access_log.record_reads).
READS_ATTRIBUTE = "_bangfu_kept_reads"


def note_reads(request: HttpRequest, pairs: list[tuple[int, str]]) -> None:
    """Called by the access log: a page being kept logged these reads."""
    noted = getattr(request, READS_ATTRIBUTE, None)
    if noted is not None:
        noted.extend(pairs)


# Where a page being built notes the one-time keys of its create forms (core.idempotency).
KEYS_ATTRIBUTE = "_bangfu_kept_keys"


def note_one_time_key(request: HttpRequest, key: str) -> None:
    """Called by ``{% submission_key %}``: a kept page must show a new key each time."""
    noted = getattr(request, KEYS_ATTRIBUTE, None)
    if noted is not None:
        noted.append(key)


def _fresh_keys(content: bytes, keys: list[str]) -> bytes:
    from .idempotency import new_key

    for key in keys:
        content = content.replace(key.encode(), new_key().encode())
    return content


def _keepable(request: HttpRequest) -> bool:
    """A plain read by a logged-in user who holds a CSRF cookie, with no message waiting."""
    if not seconds() or request.method != "GET":
        return False
    if not request.user.is_authenticated or not request.META.get("CSRF_COOKIE"):
        return False  # the page's forms need the token of the secret the browser holds
    if request.headers.get("HX-Request"):
        return False  # fragments are cheap and vary by target
    storage: Any = getattr(request, "_messages", None)
    if storage is not None and (storage._queued_messages or storage._loaded_messages):
        return False  # a message is shown once, on a page built for it
    return True


def page_key(request: HttpRequest) -> str:
    session_key = request.session.session_key or ""
    parts = "\x1f".join(
        str(p)
        for p in (
            request.user.pk,
            session_key,
            request.META["CSRF_COOKIE"],
            translation.get_language(),
            timezone.localdate().isoformat(),
            request.get_full_path(),
        )
    )
    digest = hashlib.sha256(parts.encode()).hexdigest()[:32]
    return f"bangfu:page:{generation()}:{digest}"


def _storable(response: HttpResponseBase) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
    )


View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def kept_page(view: View) -> View:
    """Keep the page this view builds for its reader until anything in the school is written.

    Only for views whose page depends on nothing but the reader, the address and the data
    (no randomness, no clock finer than the day), and that write nothing on a GET but the
    access log. Goes next to the function, under ``login_required`` and the role checks, so
    every refusal is decided again on each request; only a built 200 is kept.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not _keepable(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        kept = cache.get(key)
        if kept is not None:
            content, content_type, reads, keys = kept
            if keys:  # two tabs of one kept form are two submissions, as if each were built
                content = _fresh_keys(content, keys)
            if reads:
                page_replayed.send(sender=kept_page, request=request, reads=reads)
            return HttpResponse(content, content_type=content_type)
        setattr(request, READS_ATTRIBUTE, [])
        setattr(request, KEYS_ATTRIBUTE, [])
        response = view(request, *args, **kwargs)
        render = getattr(response, "render", None)
        if render is not None and not getattr(response, "is_rendered", True):
            response = render()
        if isinstance(response, HttpResponse) and _storable(response):
            kept = (
                response.content,
                response["Content-Type"],
                getattr(request, READS_ATTRIBUTE),
                getattr(request, KEYS_ATTRIBUTE),
            )
            cache.set(key, kept, timeout=seconds())
        return response

    return cast(View, wrapper)


def get(key: str) -> str | None:
    return cache.get(key)


def put(key: str, html: str) -> None:
    cache.set(key, html, timeout=seconds())


def _ignored(sender) -> bool:
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return True
    if meta.app_label in IGNORED_APPS or meta.label_lower in IGNORED_MODELS:
        return True
    return meta.model_name.startswith("historical")


def _on_write(sender, **kwargs) -> None:
    if not _ignored(sender):
        bump()


def _on_m2m(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        bump()


def connect() -> None:
    post_save.connect(_on_write, dispatch_uid="bangfu_page_cache_save")
    post_delete.connect(_on_write, dispatch_uid="bangfu_page_cache_delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="bangfu_page_cache_m2m")


class WriteRequestMiddleware:
    """After any request that is not a read, the cached pages are stale."""

    SAFE = {"GET", "HEAD", "OPTIONS", "TRACE"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in self.SAFE:
            bump()
        return response
