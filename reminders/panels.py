"""The dashboard's reminders panel; also where the scan runs in-process without Redis."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

from core.plugins import Panel

from . import services
from .models import Reminder
from .selectors import unread_count

logger = logging.getLogger(__name__)

PANEL_SIZE = 5


def panels(request) -> list[Panel]:
    if services.scan_in_process_enabled():
        # No broker, so no beat: the first dashboard view after the scan time runs it.
        try:
            services.scan_if_due()
        except Exception:
            logger.exception("In-process reminder scan failed")
    unread = Reminder.objects.for_user(request.user).shown().unread()
    reminders = list(
        unread.only("id", "kind", "title", "title_text", "params", "created_at", "in_digest")[
            :PANEL_SIZE
        ]
    )
    count = unread_count(request)  # the navigation badge's count, reused
    return [
        Panel(
            title=_("Reminders"),
            template="reminders/_panel.html",
            context={"reminders": reminders, "unread": count},
            order=10,
        )
    ]
