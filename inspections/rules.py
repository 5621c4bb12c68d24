"""Who may do what with inspections: one named predicate per question.

Out of scope is a 404 (the round querysets in ``selectors``); these answer the
questions asked about a round the user can already see.
"""

from __future__ import annotations

from django.db.models import QuerySet

from .models import InspectionRound


def can_run_rounds(scope) -> bool:
    """School leaders and academic directors keep the checklist and the scale, and run rounds."""
    return scope.is_school_leader or scope.is_director


def can_change_school_rules(scope) -> bool:
    """School-wide rules (the scoring scale, the default checklist, the suggested-score
    thresholds) are changed by the principal or the administrator only."""
    return scope.is_school_leader


def can_create_round(scope) -> bool:
    return can_run_rounds(scope) and scope.term is not None


def can_manage_round(scope, inspection_round: InspectionRound) -> bool:
    """The round's manager: a school leader, the subject's director, or its creator."""
    return InspectionRound.objects.managed_by(scope).filter(pk=inspection_round.pk).exists()


def can_review(scope, inspection_round: InspectionRound) -> bool:
    """Finalizing a round (the director's review) belongs to whoever manages it."""
    return can_manage_round(scope, inspection_round)


def teachers_visible(scope, inspection_round: InspectionRound) -> QuerySet:
    """The round's teachers a user sees: all of them for its managers; for an inspector,
    only the teachers assigned to them (another teacher is a 404)."""
    teachers = inspection_round.teachers.all()
    if can_manage_round(scope, inspection_round):
        return teachers
    assigned = inspection_round.assignments.filter(inspector=scope.user).values("teacher_id")
    return teachers.filter(pk__in=assigned)


def can_score(scope, inspection_round: InspectionRound, teacher) -> bool:
    """Only the teacher's assigned inspectors score them, each on their own."""
    return inspection_round.assignments.filter(teacher=teacher, inspector=scope.user).exists()


def can_drill_down(scope, inspection_round: InspectionRound, teacher) -> bool:
    """While a round is open, the teacher's assigned inspectors (and the round's managers)
    may read the records behind the figures; finalizing the round ends it."""
    if inspection_round.is_finalized:
        return False
    return can_score(scope, inspection_round, teacher) or can_manage_round(scope, inspection_round)
