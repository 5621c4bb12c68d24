"""The navigation badge's unread count, kept per user between requests (Django's cache).

Every page's layout shows it, so it is kept for ``REMINDER_BADGE_CACHE_SECONDS`` (a minute)
and forgotten whenever one of the user's reminders is saved or deleted (created, read,
unread: the signals below) or all are marked read (``services.mark_all_read``), at once and
again when the transaction commits. Off, like the scope cache, when the cache is local to
each process (no REDIS_URL in production: one worker could not clear another's copy) and
in tests but its own.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def enabled() -> bool:
    return getattr(settings, "REMINDER_BADGE_CACHE_SECONDS", 0) > 0


def key(user_id: int) -> str:
    return f"bangfu:reminders:unread:{user_id}"


def count(user_id: int, compute: Callable[[], int]) -> int:
    if not enabled():
        return compute()
    value = cache.get(key(user_id))
    if value is None:
        value = compute()
        cache.set(key(user_id), value, timeout=settings.REMINDER_BADGE_CACHE_SECONDS)
    return value


def forget(user_id: int) -> None:
    if not enabled():
        return
    cache.delete(key(user_id))
    transaction.on_commit(lambda: cache.delete(key(user_id)))


def _on_change(sender, instance, **kwargs) -> None:
    forget(instance.user_id)


def connect() -> None:
    from .models import Reminder

    post_save.connect(_on_change, sender=Reminder, dispatch_uid="bangfu_reminder_badge_save")
    post_delete.connect(_on_change, sender=Reminder, dispatch_uid="bangfu_reminder_badge_delete")
