"""Who may read the school's figures: the reports' permission predicates.

Which cases and students the figures count is the scope's business
(``reports.selectors``); these say who may open the pages at all (refused, a 403).
"""

from __future__ import annotations

from school.scoping import Scope


def can_view_dashboard(scope: Scope) -> bool:
    """The principal, administrators, directors, grade leaders and head teachers."""
    return (
        scope.is_school_leader
        or scope.is_director
        or scope.is_grade_leader
        or scope.is_head_teacher
    )
