"""The strategy library: teachers propose, the subject's academic director approves."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from school.models import Subject
from school.scoping import Scope

from .models import SupportMeasure

FIELDS = (
    "name",
    "summary",
    "steps",
    "causes",
    "types",
    "grade_from",
    "grade_to",
    "sessions_per_week",
    "minutes",
    "evidence",
    "evidence_kind",
)
LEADER_FIELDS = ("order", "is_active")


def can_review(scope: Scope, strategy: SupportMeasure) -> bool:
    """Approve or turn down: a school leader, or a director of one of its subjects (any
    director for a strategy of every subject)."""
    if scope.is_school_leader:
        return True
    subject_ids = {s.pk for s in strategy.subjects.all()}
    if not subject_ids:
        return scope.is_director
    return bool(subject_ids & scope.directed_subject_ids)


def can_edit(scope: Scope, strategy: SupportMeasure) -> bool:
    """Its reviewers, and its author while it is still a proposal."""
    if can_review(scope, strategy):
        return True
    return strategy.status == SupportMeasure.Status.PROPOSED and strategy.author_id == getattr(
        scope.user, "pk", None
    )


@transaction.atomic
def save_strategy(
    *,
    scope: Scope,
    strategy: SupportMeasure | None = None,
    subjects: Iterable[Subject] = (),
    **data,
) -> SupportMeasure:
    """Propose a strategy (a leader's goes straight into the library), or edit one."""
    if strategy is None:
        strategy = SupportMeasure(author=scope.user)
        if scope.is_school_leader:
            strategy.status = SupportMeasure.Status.APPROVED
            strategy.reviewed_by, strategy.reviewed_at = scope.user, timezone.now()
        else:
            strategy.status = SupportMeasure.Status.PROPOSED
    elif not can_edit(scope, strategy):
        raise PermissionDenied
    allowed = FIELDS + (LEADER_FIELDS if scope.is_school_leader else ())
    for key, value in data.items():
        if key in allowed:
            setattr(strategy, key, value)
    strategy.full_clean()
    strategy.save()
    strategy.subjects.set(list(subjects))
    return strategy


@transaction.atomic
def review_strategy(*, scope: Scope, strategy: SupportMeasure, approve: bool) -> SupportMeasure:
    if not can_review(scope, strategy):
        raise PermissionDenied
    strategy.status = SupportMeasure.Status.APPROVED if approve else SupportMeasure.Status.REJECTED
    strategy.reviewed_by, strategy.reviewed_at = scope.user, timezone.now()
    strategy.full_clean()
    strategy.save()
    return strategy
