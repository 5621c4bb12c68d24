"""The scope kept between requests: per user and term, in Django's cache (Redis in production).

``Scope.for_user`` costs five queries; a user's roles change a few times a term. So the
roles it reads are cached under a key holding the user, the term and a *generation*: one
value for the whole school, replaced whenever a teaching assignment, headship, grade
leadership, directorship, class or term is saved or deleted (signals below, and
``bump()`` called by the services that write in bulk). A replaced generation makes every
cached scope unreachable at once, so the next request reads the roles afresh.

The generation is a fresh unique value (never a counter that could restart and meet an
old key after an eviction), set at once and again when the transaction commits (a
request that read the roles mid-transaction cannot keep them).

The current term is cached beside it, under the same generation, and so is a higher app's
own role data (``beside``: the homework review groups), whose models it watches (``watch``).

``SCOPE_CACHE_SECONDS`` = 0 turns the cache off: the default when the cache is local to
each process (no REDIS_URL in production), since one process cannot clear another's.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

GENERATION_KEY = "bangfu:scope:generation"
MISSING: Any = object()  # (what ``get`` returns for a key not kept)
T = TypeVar("T")


def enabled() -> bool:
    return getattr(settings, "SCOPE_CACHE_SECONDS", 0) > 0


def generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        value = cache.get(GENERATION_KEY)
    return str(value)


def _replace() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def bump() -> None:
    """Every cached scope (and the cached current term) is stale from now on."""
    _replace()
    transaction.on_commit(_replace)


def term_key(gen: str) -> str:
    return f"bangfu:scope:{gen}:current-term"


def scope_key(gen: str, user_id: int, term_id: int | None) -> str:
    return f"bangfu:scope:{gen}:user:{user_id}:term:{term_id}"


def current_scope_key(gen: str, user_id: int) -> str:
    """The user's roles in the current term (the one kept under ``term_key``)."""
    return f"bangfu:scope:{gen}:user:{user_id}:current-term"


def get_many(keys: list[str]) -> dict[str, Any]:
    """The keys kept (one round trip), each to its value; a key not kept is left out."""
    return cache.get_many(keys)


def get(key: str) -> Any:
    return cache.get(key, MISSING)


def put(key: str, value: Any) -> None:
    cache.set(key, value, timeout=settings.SCOPE_CACHE_SECONDS)


def missing(value: Any) -> bool:
    return value is MISSING


def beside(scope: Any, name: str, compute: Callable[[], T]) -> T | None:
    """A higher app's own role data of ``scope``'s user (say, the subjects whose homework
    they review), kept beside their roles under the same generation: one cache read.

    None when the scope's roles were not read through the cache (the cache is off, or a
    school leader's scope, which reads none): the caller then reads it its own way. The
    models it comes from are watched (``watch``), like the roles' own.
    """
    if not scope.generation:
        return None
    key = f"{scope_key(scope.generation, scope.user.pk, scope.term.pk if scope.term else None)}:{name}"
    value = get(key)
    if missing(value):
        value = compute()
        put(key, value)
    return value


def watch(model: type[Model]) -> None:
    """Any save or delete of ``model`` replaces the generation (as for the roles' models)."""
    uid = f"bangfu_scope_cache_{model._meta.label_lower}"
    post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}_save")
    post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}_delete")


def _on_change(sender, **kwargs) -> None:
    bump()


def connect() -> None:
    from .models import (
        ClassHeadship,
        GradeLeadership,
        SchoolClass,
        SubjectDirectorship,
        TeachingAssignment,
        Term,
    )

    for model in (
        TeachingAssignment,
        ClassHeadship,
        GradeLeadership,
        SubjectDirectorship,
        SchoolClass,
        Term,
    ):
        uid = f"bangfu_scope_cache_{model._meta.model_name}"
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}_delete")
