"""Who may do what with homework: the permission predicates, one answer per question.

Seeing homework is ``Assignment.objects.visible_to(scope)`` (outside it, a 404);
these say which actions a user may take on homework they can see (refused, a 403).
"""

from __future__ import annotations

from school.scoping import Scope

from .models import Assignment, ReviewGroupMember


def review_subject_ids(scope: Scope) -> frozenset[int]:
    """Subjects whose homework this user reviews: as academic director or review-group member.

    One query; a view that needs it more than once computes it once and passes it on.
    """
    ids = set(scope.directed_subject_ids)
    if scope.is_authenticated:
        ids |= set(
            ReviewGroupMember.objects.filter(teacher=scope.user).values_list(
                "subject_id", flat=True
            )
        )
    return frozenset(ids)


def can_set(scope: Scope, assignment: Assignment) -> bool:
    """Edit, withdraw, restore, copy, give tiers: whoever sets this class's subject homework."""
    return scope.can_set_homework(assignment.school_class_id, assignment.subject_id)


def can_set_any(scope: Scope) -> bool:
    """May the user set homework at all (a class × subject they teach, or a school leader)?"""
    return scope.school_wide or bool(scope.teaching)


def can_mark(scope: Scope, assignment: Assignment) -> bool:
    """Record marking: the per-subject record rule (teacher, head teacher, director, leader)."""
    return scope.can_change_record(assignment.school_class_id, assignment.subject_id)


def can_see_markings(scope: Scope, assignment: Assignment) -> bool:
    """The class × subject's own teachers, and the subject's reviewers (quality review)."""
    return scope.can_see_record(assignment.school_class_id, assignment.subject_id) or can_review(
        scope, assignment
    )


def can_review(scope: Scope, assignment: Assignment) -> bool:
    return scope.is_school_leader or assignment.subject_id in review_subject_ids(scope)


def can_manage_review_groups(scope: Scope) -> bool:
    """Academic directors pick their subject's review group; school leaders every subject's."""
    return scope.is_school_leader or scope.is_director
