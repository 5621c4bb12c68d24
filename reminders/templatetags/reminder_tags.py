"""The unread count in the navigation: one COUNT query per page, shared by its users."""

from __future__ import annotations

from django import template

from ..selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_reminder_count(context) -> int:
    request = context.get("request")
    return unread_count(request) if request is not None else 0
