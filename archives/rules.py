"""Who may do what with a support case: named predicates, one definition each."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from school.scoping import Scope

from .models import SupportCase


def can_change_case(scope: Scope, case: SupportCase) -> bool:
    """Identify, analyse, plan and log: the case's class × subject is the user's to change."""
    return scope.can_change_record(case.student.school_class_id, case.subject_id)


def require_change(scope: Scope, case: SupportCase) -> None:
    """403 for a case the user may see but not change (one outside the scope is already a 404)."""
    if not can_change_case(scope, case):
        raise PermissionDenied
