"""Reads: homework the user may see, struggling students, the grades of the week grid."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from archives.models import SupportCase
from school.models import Grade, Subject, Term
from school.scoping import Scope

from .models import Assignment


def assignments(scope: Scope, *, withdrawn: bool = False) -> QuerySet[Assignment]:
    """Homework the user may see; withdrawn homework only when asked (its own page)."""
    qs = Assignment.objects.visible_to(scope).select_related(
        "school_class__grade", "subject", "set_by"
    )
    return qs if withdrawn else qs.active()


def struggling_ids(*, school_class_id: int, subject_id: int, term: Term) -> set[int]:
    """Students of the class with an open support case in the subject this term."""
    return set(
        SupportCase.objects.open()
        .filter(student__school_class_id=school_class_id, subject_id=subject_id, term=term)
        .values_list("student_id", flat=True)
    )


def visible_grades(scope: Scope) -> list[Grade]:
    if scope.class_ids is None:
        return list(Grade.objects.all())
    return list(Grade.objects.filter(classes__id__in=scope.class_ids).distinct())


def review_group_subjects(scope: Scope) -> QuerySet[Subject]:
    """Subjects whose review group this user manages: a director's own, or all for leaders."""
    if scope.is_school_leader:
        return Subject.objects.all()
    return Subject.objects.filter(pk__in=scope.directed_subject_ids)


def review_sample(
    scope: Scope, *, reviewing: frozenset[int], today: datetime.date
) -> list[Assignment]:
    """Up to five recent assignments for a reviewer to review, not yet reviewed by them."""
    if not (scope.is_school_leader or reviewing):
        return []
    pool = assignments(scope).exclude(reviews__reviewer=scope.user)
    if not scope.is_school_leader:
        pool = pool.filter(subject_id__in=reviewing)
    since = today - datetime.timedelta(days=14)
    return list(pool.filter(date__gte=since).order_by("?")[:5])
