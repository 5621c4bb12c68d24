"""Reads: homework the user may see, struggling students, the grades of the week grid."""

from __future__ import annotations

import datetime
import random

from django.db.models import Count, Q, QuerySet

from archives.models import SupportCase
from school.models import Grade, Subject, TeachingAssignment, Term, User
from school.scoping import Scope

from .models import Assignment, ReviewSample


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


REVIEW_PERIOD_DAYS = 14
SAMPLE_SIZE = 5


def review_period_start(term: Term, today: datetime.date) -> datetime.date:
    """The first day of the fortnight (counted from the term's start) ``today`` falls in."""
    days = max(0, (today - term.start).days)
    return term.start + datetime.timedelta(days=days - days % REVIEW_PERIOD_DAYS)


def review_sample(
    scope: Scope, *, reviewing: frozenset[int], today: datetime.date
) -> list[Assignment]:
    """Up to five assignments of the review period for a reviewer: drawn once, then kept."""
    if scope.term is None or not (scope.is_school_leader or reviewing):
        return []
    start = review_period_start(scope.term, today)
    kept = ReviewSample.objects.filter(reviewer=scope.user, period_start=start)
    if not kept.exists():
        pool = assignments(scope).filter(term=scope.term, date__gte=start, date__lte=today)
        if not scope.is_school_leader:
            pool = pool.filter(subject_id__in=reviewing)
        ids = sorted(pool.values_list("pk", flat=True))
        rng = random.Random(f"{scope.user.pk}:{start.isoformat()}")
        chosen = rng.sample(ids, min(SAMPLE_SIZE, len(ids)))
        ReviewSample.objects.bulk_create(
            [
                ReviewSample(reviewer=scope.user, period_start=start, assignment_id=pk)
                for pk in chosen
            ],
            ignore_conflicts=True,
        )
    return list(
        Assignment.objects.filter(pk__in=kept.values("assignment_id"))
        .select_related("school_class__grade", "subject", "set_by")
        .annotate(my_reviews=Count("reviews", filter=Q(reviews__reviewer=scope.user)))
        .order_by("date", "pk")
    )


def review_coverage(scope: Scope, *, reviewing: frozenset[int]) -> list[dict]:
    """Which teachers of the reviewed subjects have had a review this term (two queries)."""
    if scope.term is None or not (scope.is_school_leader or reviewing):
        return []
    teaching = TeachingAssignment.objects.filter(term=scope.term)
    if not scope.is_school_leader:
        teaching = teaching.filter(subject_id__in=reviewing)
    teachers = (
        User.objects.filter(pk__in=teaching.values("teacher_id"))
        .annotate(
            n_reviews=Count(
                "homework_set__reviews",
                filter=Q(homework_set__term=scope.term)
                & (Q() if scope.is_school_leader else Q(homework_set__subject_id__in=reviewing)),
                distinct=True,
            )
        )
        .order_by("n_reviews", "full_name", "username")
    )
    return [{"teacher": t, "reviews": t.n_reviews} for t in teachers]
