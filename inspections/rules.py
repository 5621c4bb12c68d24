"""Who may do what with inspections: one named predicate per question.

Out of scope is a 404 (the round querysets in ``selectors``); these answer the
questions asked about a round the user can already see.
"""

from __future__ import annotations

from .models import InspectionRound


def can_run_rounds(scope) -> bool:
    """School leaders and academic directors keep the checklist and the scale, and run rounds."""
    return scope.is_school_leader or scope.is_director


def can_create_round(scope) -> bool:
    return can_run_rounds(scope) and scope.term is not None


def can_manage_round(scope, inspection_round: InspectionRound) -> bool:
    """The round's manager: a school leader, the subject's director, or its creator."""
    return InspectionRound.objects.managed_by(scope).filter(pk=inspection_round.pk).exists()


def can_review(scope, inspection_round: InspectionRound) -> bool:
    """Finalizing a round (the director's review) belongs to whoever manages it."""
    return can_manage_round(scope, inspection_round)


def can_score(scope, inspection_round: InspectionRound) -> bool:
    """Its managers and its inspection group may open the inspection form."""
    return (
        can_manage_round(scope, inspection_round)
        or inspection_round.inspectors.filter(pk=scope.user.pk).exists()
    )
