"""Reads of the reminders app."""

from __future__ import annotations

from . import badge
from .models import Reminder


def unread_count(request) -> int:
    """The user's unread reminders: one COUNT per request, shared by the badge, menu and panel,
    and kept briefly between requests (reminders/badge.py)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    cached = getattr(request, "_unread_reminder_count", None)
    if cached is None:
        cached = badge.count(
            user.pk, lambda: Reminder.objects.for_user(user).shown().unread().count()
        )
        request._unread_reminder_count = cached
    return cached
