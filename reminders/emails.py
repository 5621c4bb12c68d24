"""Email delivery of one reminder, idempotent through the reminder's ``emailed_at`` mark."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from school.models import today as school_today

from .models import Reminder

logger = logging.getLogger(__name__)


def absolute(url: str) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    if url.startswith("/") and base:
        return base + url
    return url


@transaction.atomic
def send_reminder_email(*, reminder_id: int) -> bool:
    """True if an email went out now; False if it was sent before or cannot be sent.

    The row is locked while sending (on PostgreSQL), so two deliveries of the
    same task never both send; a crash after sending and before the mark is
    the one case that sends twice (at least once, never lost).
    """
    reminder = (
        Reminder.objects.select_for_update().select_related("user").filter(pk=reminder_id).first()
    )
    if reminder is None or reminder.emailed_at is not None or not reminder.email_wanted:
        return False
    if not reminder.user.email or not reminder.user.is_active:
        logger.info("Reminder %s: user %s has no email address", reminder.pk, reminder.user_id)
        return False
    with translation.override(settings.LANGUAGE_CODE):
        lines = []
        if reminder.is_digest:
            from .digest import digest_lines

            lines = [
                (line.text, absolute(line.url))
                for line in digest_lines(reminder.user, today=school_today())
            ]
            if not lines:
                logger.info("Digest %s: nothing is due any more; no email", reminder.pk)
                return False
        context = {
            "reminder": reminder,
            "link": absolute(reminder.url),
            "lines": lines,
            "inbox": absolute(reverse("reminders:detail", args=[reminder.pk])),
        }
        subject = render_to_string("reminders/email_subject.txt", context).strip()
        body = render_to_string("reminders/email_body.txt", context)
    send_mail(
        subject=" ".join(subject.split()),
        message=body,
        from_email=None,
        recipient_list=[reminder.user.email],
    )
    reminder.emailed_at = timezone.now()
    reminder.save(update_fields=["emailed_at"])
    return True
