"""Who may do what with student evaluations: one named predicate per question."""

from __future__ import annotations


def is_manager(scope) -> bool:
    """School leaders and academic directors set the early-warning rule."""
    return scope.is_school_leader or scope.is_director
