"""Erasure plug-in: personalised homework items and marking comments about one student."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from archives.photos import delete_files
from core.anonymise import ERASED_TEXT, scrub

from .models import MarkingPhoto, MarkingRecord, PersonalisedItem


def erase(student) -> None:
    scrub(PersonalisedItem, Q(student_id=student.pk), content=ERASED_TEXT)
    scrub(MarkingRecord, Q(student_id=student.pk), mistakes="", comment="")
    # Photos of the student's homework: files and rows go (the marking itself stays).
    photos = list(MarkingPhoto.objects.filter(marking__student_id=student.pk))
    MarkingPhoto.objects.filter(pk__in=[p.pk for p in photos]).delete()
    transaction.on_commit(lambda: delete_files(photos))
