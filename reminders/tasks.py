"""Celery tasks: thin, take ids, idempotent, acknowledged late.

The beat schedule (config/settings.py, "daily-reminder-scan") runs
``daily_scan`` once a day; the scan queues one ``send_reminder_email`` per
reminder that wants email, after its transaction commits.
"""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task

from . import emails, services

logger = logging.getLogger(__name__)


@shared_task(name="reminders.tasks.daily_scan", acks_late=True, reject_on_worker_lost=True)
def daily_scan(day: str | None = None) -> dict:
    """Idempotent: a redelivered or repeated scan creates nothing twice (a DB constraint)."""
    import datetime

    from core.idempotency import purge_old
    from school.models import today as school_today
    from students.access_log import purge_expired

    today = datetime.date.fromisoformat(day) if day else school_today()
    result = services.run_scan(today=today)
    purged = purge_expired()  # the read log's retention rides on the daily scan
    keys_purged = purge_old()  # and so do the create forms' one-time keys
    return {
        "day": today.isoformat(),
        "created": len(result.created),
        "already_sent": result.already_sent,
        "failures": result.failures,
        "access_records_purged": purged,
        "submission_keys_purged": keys_purged,
    }


@shared_task(
    name="reminders.tasks.send_reminder_email",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(smtplib.SMTPException, OSError, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=8,
)
def send_reminder_email(reminder_id: int) -> bool:
    """Send one reminder by email unless it already went (its ``emailed_at`` mark)."""
    return emails.send_reminder_email(reminder_id=reminder_id)
