"""Dashboard panel: early-warning suggestions, overdue gaps, and a grade leader's class comparisons."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.plugins import Panel
from school.models import today
from school.scoping import ScopedRequest

from . import warnings
from .models import Gap
from .results import grade_comparisons


def panels(request: ScopedRequest) -> list[Panel]:
    scope = request.scope
    if scope.term is None or not scope.is_authenticated:
        return []
    context: dict = {}
    if scope.school_wide or scope.teaching or scope.headed_class_ids or scope.is_director:
        context["suggestions"] = warnings.suggestion_count(scope=scope, term=scope.term)
        context["overdue_gaps"] = (
            Gap.objects.visible_to(scope)
            .filter(result__evaluation__term=scope.term)
            .overdue(today())
            .count()
        )
    comparisons = grade_comparisons(scope, scope.term, limit=5)
    if comparisons:
        context["comparisons"] = comparisons
    if not context:
        return []
    return [
        Panel(
            title=_("Evaluations"),
            template="evaluations/_dashboard_panel.html",
            context=context,
            order=30,
        )
    ]
