"""The unread count in the navigation: one COUNT query per page, shared by its users."""

from __future__ import annotations

from django import template

from ..models import Reminder

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_reminder_count(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if not getattr(user, "is_authenticated", False):
        return 0
    cached = getattr(request, "_unread_reminder_count", None)
    if cached is not None:
        return cached
    count = Reminder.objects.for_user(user).unread().count()
    if request is not None:
        request._unread_reminder_count = count
    return count
