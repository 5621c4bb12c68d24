"""Erasure plug-in of students/: the student row, its history and the admin log.

Runs last (core.plugins.erase_student goes through the apps in reverse order),
once every other app has found what it holds by the student's name.
"""

from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.db.models import Q
from django.utils.translation import gettext as _

from core.anonymise import ERASED_NAME, replace_text, scrub

from .models import Student


def erased_number(student) -> str:
    """The placeholder student number of an erased student (unique, like the real one)."""
    return f"ERASED-{student.pk}"


def erase(student) -> None:
    name, number = student.name, student.student_number
    # The admin's change list ("张小明（A001）") and any history text naming the child.
    replace_text(LogEntry, ["object_repr", "change_message"], name, ERASED_NAME)
    replace_text(LogEntry, ["object_repr", "change_message"], number, erased_number(student))
    scrub(
        Student,
        Q(id=student.pk),
        name=ERASED_NAME,
        student_number=erased_number(student),
        date_of_birth=None,
    )
    student.refresh_from_db()


def preview(student) -> list[str]:
    return [
        _("the name, student number and date of birth, also in the record's history"),
    ]
