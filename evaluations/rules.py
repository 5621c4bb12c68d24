"""Who may do what with student evaluations: one named predicate per question.

Seeing an evaluation, a result or a gap is ``<Model>.objects.visible_to(scope)``
(outside it, a 404); these say which actions a user may take (refused, a 403).
"""

from __future__ import annotations

from school.models import Subject
from school.scoping import Scope
from students.models import Student


def is_manager(scope: Scope) -> bool:
    """School leaders and academic directors set the early-warning rule."""
    return scope.is_school_leader or scope.is_director


def can_change_school_rules(scope: Scope) -> bool:
    """The warning rule and the excellent line are school-wide: the principal or the
    administrator change them (directors read them)."""
    return scope.is_school_leader


def can_dismiss_warning(scope: Scope, student: Student, subject: Subject) -> bool:
    """Whoever keeps the student's records in the subject may dismiss its suggestion."""
    return scope.can_change_record(student.school_class_id, subject.pk)
