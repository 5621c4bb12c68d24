"""Reads: homework the user may see, struggling students, who may review."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from archives.models import SupportCase
from school.models import Grade

from .models import Assignment, ReviewGroupMember


def review_subject_ids(scope) -> frozenset[int]:
    """Subjects whose homework this user reviews: as academic director or review-group member."""
    key = "homework_review_subjects"
    if key not in scope._cache:
        ids = set(scope.directed_subject_ids)
        if scope.is_authenticated:
            ids |= set(
                ReviewGroupMember.objects.filter(teacher=scope.user).values_list(
                    "subject_id", flat=True
                )
            )
        scope._cache[key] = frozenset(ids)
    return scope._cache[key]


def can_review(scope, assignment: Assignment) -> bool:
    return scope.is_school_leader or assignment.subject_id in review_subject_ids(scope)


def assignments(scope, *, withdrawn: bool = False) -> QuerySet[Assignment]:
    """Homework the user may see; withdrawn homework only when asked (its own page)."""
    qs = Assignment.objects.select_related("school_class__grade", "subject", "set_by")
    if not withdrawn:
        qs = qs.active()
    if not scope.is_authenticated:
        return qs.none()
    q = scope.homework_q()
    reviewing = review_subject_ids(scope)
    if reviewing:
        q |= Q(subject_id__in=reviewing)
    return qs.filter(q)


def struggling_ids(*, school_class_id: int, subject_id: int, term) -> set[int]:
    """Students of the class with an open support case in the subject this term."""
    return set(
        SupportCase.objects.open()
        .filter(student__school_class_id=school_class_id, subject_id=subject_id, term=term)
        .values_list("student_id", flat=True)
    )


def visible_grades(scope) -> list[Grade]:
    if scope.class_ids is None:
        return list(Grade.objects.all())
    return list(Grade.objects.filter(classes__id__in=scope.class_ids).distinct())
