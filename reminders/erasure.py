"""Erasure plug-in: reminders that name the student lose the name and number.

A reminder may list several children (the weekly home-visit list), so it is
rewritten rather than deleted.
"""

from __future__ import annotations

from core.anonymise import ERASED_NAME, replace_text

from .models import Reminder


def erase(student) -> None:
    replace_text(Reminder, ["title", "body"], student.name, ERASED_NAME)
    replace_text(Reminder, ["title", "body"], student.student_number, "")
