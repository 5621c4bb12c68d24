"""Who may do what with a support case: named predicates, one definition each."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from school.scoping import Scope

from .models import SupportCase


def can_change_case(scope: Scope, case: SupportCase) -> bool:
    """Identify, analyse, plan and log: the case's class × subject is the user's to change."""
    return scope.can_change_record(case.student.school_class_id, case.subject_id)


def can_correct_identification(scope: Scope, case: SupportCase) -> bool:
    """The identification date: whoever identified the case or is responsible for it,
    the class's head teacher, its grade leader, and school leaders."""
    class_id = case.student.school_class_id
    if scope.school_wide or class_id in scope.headed_class_ids or class_id in scope.led_class_ids:
        return True
    user_id = getattr(scope.user, "pk", None)
    if user_id is None:
        return False
    return case.identified_by_id == user_id or (
        can_change_case(scope, case) and case.responsible_teachers.filter(pk=user_id).exists()
    )


def can_correct_entry(user, entry) -> bool:
    """Correct, withdraw or restore an entry (observation, tutoring, discussion, summary,
    family contact): its author, the principal or an administrator."""
    return can_correct_entry_by(user, entry.author_id_of_entry)


def can_correct_entry_by(user, author_id: int | None) -> bool:
    """``can_correct_entry`` of an entry written by ``author_id`` (a row, not an instance)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return author_id == user.pk or user.is_school_leader


def require_correct_entry(user, entry) -> None:
    """403 for an entry the user may see but not correct (one outside the scope is a 404)."""
    if not can_correct_entry(user, entry):
        raise PermissionDenied


def require_change(scope: Scope, case: SupportCase) -> None:
    """403 for a case the user may see but not change (one outside the scope is already a 404)."""
    if not can_change_case(scope, case):
        raise PermissionDenied
