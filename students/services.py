"""Writes to the roster."""

from __future__ import annotations

import datetime

from django.db import transaction

from .models import Student


@transaction.atomic
def change_status(*, student: Student, status: str, on: datetime.date, note: str = "") -> Student:
    """Record that the student's status changed on ``on``; the note goes into the history."""
    student.status = status
    student.status_changed_on = on
    student._change_reason = note  # type: ignore[attr-defined]  # read by simple_history
    student.full_clean()
    student.save()
    return student
