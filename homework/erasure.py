"""Erasure plug-in: personalised homework items and marking comments about one student."""

from __future__ import annotations

from django.db.models import Q

from core.anonymise import ERASED_TEXT, scrub

from .models import MarkingRecord, PersonalisedItem


def erase(student) -> None:
    scrub(PersonalisedItem, Q(student_id=student.pk), content=ERASED_TEXT)
    scrub(MarkingRecord, Q(student_id=student.pk), mistakes="", comment="")
