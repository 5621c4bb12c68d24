"""Erasure plug-in: what team meetings wrote about one student.

The meeting, its attendance and the item (that the student was discussed) stay; the
reasons, decision and actions' texts go. Published case studies carry no personal data
(collab/anonymise.py) and stay, cut loose from the case."""

from __future__ import annotations

from django.db.models import Q

from core.anonymise import ERASED_TEXT, history_ids, scrub

from .models import CaseStudy, MeetingAction, MeetingItem


def erase(student) -> None:
    item_ids = history_ids(MeetingItem, Q(student_id=student.pk))
    scrub(MeetingItem, Q(id__in=item_ids), reasons=[], reason_messages=[], decision="")
    scrub(MeetingAction, Q(item_id__in=item_ids), description=ERASED_TEXT)
    scrub(CaseStudy, Q(source_case__student_id=student.pk), source_case_id=None)
