"""Retention of leavers' data: erase a student now, or every leaver past the retention period.

A graduated or transferred-out student is kept ``STUDENT_RETENTION_YEARS``
years after leaving (``status_changed_on``), then anonymised. Erasure keeps
every row (so counts and past statistics stay true) and clears what identifies
the child, through each app's ``erasure.py`` plug-in (``core.plugins``), history
tables included.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.anonymise import ERASED_NAME
from core.plugins import erase_student as erase_everywhere
from core.plugins import erasure_preview

from .erasure import erased_number
from .models import Student

LEAVER_STATUSES = (Student.Status.GRADUATED, Student.Status.TRANSFERRED_OUT)


def is_erased(student: Student) -> bool:
    return student.name == ERASED_NAME and student.student_number == erased_number(student)


def retention_cutoff(today: datetime.date, years: int | None = None) -> datetime.date:
    """Leavers who left on or before this day are due for erasure."""
    years = settings.STUDENT_RETENTION_YEARS if years is None else years
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February, and the year ``years`` back has none
        return today.replace(year=today.year - years, day=28)


def due_for_erasure(*, today: datetime.date):
    return Student.objects.filter(
        status__in=LEAVER_STATUSES, status_changed_on__lte=retention_cutoff(today)
    ).exclude(name=ERASED_NAME)


def what_goes(student: Student) -> list[str]:
    """The confirmation's list: what erasing ``student`` removes, app by app."""
    return erasure_preview(student)


@transaction.atomic
def erase_student(*, student: Student) -> Student:
    """Anonymise ``student`` everywhere; idempotent (erasing twice changes nothing more)."""
    student = Student.objects.select_for_update().get(pk=student.pk)
    if is_erased(student):
        raise ValidationError(_("This student's data has already been erased."))
    erase_everywhere(student)
    student.refresh_from_db()
    return student


def erase_expired_students(*, today: datetime.date) -> int:
    """Erase every leaver past the retention period; returns how many. Each in its own transaction."""
    erased = 0
    for pk in due_for_erasure(today=today).values_list("pk", flat=True):
        try:
            erase_student(student=Student(pk=pk))
        except ValidationError:  # erased meanwhile (a repeated run): nothing to do
            continue
        erased += 1
    return erased
