"""Celery task: the nightly erasure of leavers past the retention period (thin, idempotent)."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from . import retention


@shared_task(name="students.tasks.erase_expired_students", acks_late=True)
def erase_expired_students(day: str | None = None) -> int:
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return retention.erase_expired_students(today=today)
