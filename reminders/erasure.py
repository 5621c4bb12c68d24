"""Erasure plug-in: reminders that name the student lose the name and number.

A reminder may list several children (the weekly home-visit list), so it is
rewritten rather than deleted: its stored text and the parameters it is written
from again in the reader's language (``params``).
"""

from __future__ import annotations

from django.db.models import Q

from core.anonymise import ERASED_NAME, replace_text
from core.text import message, stored

from .models import Reminder

ERASED_NAME_MSGID = "Erased student"  # core/seeded_texts.py: pgettext("erased", …)


def _replaced(value, old: str, new: object):
    if value == old:
        return new
    if isinstance(value, str):
        return value.replace(old, str(new) if not isinstance(new, dict) else ERASED_NAME)
    if isinstance(value, list):
        return [_replaced(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _replaced(v, old, new) for k, v in value.items()}
    return value


def erase(student) -> None:
    # Every reminder naming the student says so in its stored text (title or body).
    erased = stored(message(ERASED_NAME_MSGID, context="erased"))
    naming = Reminder.objects.filter(
        Q(title__contains=student.name) | Q(body__contains=student.name)
    )
    for reminder in naming.exclude(params={}).only("pk", "params"):
        # A parameter that is the name reads "Erased student" in the reader's language.
        params = _replaced(reminder.params, student.name, erased)
        if student.student_number:
            params = _replaced(params, student.student_number, "")
        Reminder.objects.filter(pk=reminder.pk).update(params=params)
    replace_text(Reminder, ["title", "body"], student.name, ERASED_NAME)
    replace_text(Reminder, ["title", "body"], student.student_number, "")
