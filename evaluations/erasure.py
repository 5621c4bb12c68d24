"""Erasure plug-in: free text about one student's evaluations (scores stay, for statistics)."""

from __future__ import annotations

from django.db.models import Q

from core.anonymise import ERASED_TEXT, scrub

from .models import Gap, WarningDismissal


def erase(student) -> None:
    scrub(Gap, Q(result__student_id=student.pk), remediation="")
    scrub(WarningDismissal, Q(student_id=student.pk), reason=ERASED_TEXT)
