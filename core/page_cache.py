"""The home dashboard's panels, kept between requests while nothing in the school changed.

The home page is every app's panels: a dozen queries over the user's scope, the costliest
page a teacher opens (issue 19). Its panels are kept, rendered, under a key holding a
*data generation*: one value for the whole school, replaced after anything is written.

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

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
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
