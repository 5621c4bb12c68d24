"""Writes to the roster."""

from __future__ import annotations

import datetime

from django.db import transaction

from school import dates

from .models import Student


@transaction.atomic
def change_status(*, student: Student, status: str, on: datetime.date, note: str = "") -> Student:
    """Record that the student's status changed on ``on``; the note goes into the history.

    The date lies between the previous change and today (refused on the field ``date``).
    """
    previous = (
        Student.objects.filter(pk=student.pk).values_list("status_changed_on", flat=True).first()
    )
    dates.check_student_status_date(on, previous, field="date")
    student.status = status
    student.status_changed_on = on
    student._change_reason = note  # type: ignore[attr-defined]  # read by simple_history
    student.full_clean()
    student.save()
    return student
