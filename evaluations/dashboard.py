"""Dashboard panel: early-warning suggestions, overdue gaps, inspections to do."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from core.plugins import Panel
from school.models import today

from . import warnings
from .models import InspectionRound
from .views import gaps_in_scope


def panels(request) -> list[Panel]:
    scope = request.scope
    if scope.term is None or not scope.is_authenticated:
        return []
    context: dict = {}
    if scope.school_wide or scope.teaching or scope.headed_class_ids or scope.is_director:
        context["suggestions"] = len(warnings.suggestions(scope=scope, term=scope.term))
        context["overdue_gaps"] = (
            gaps_in_scope(scope)
            .filter(result__evaluation__term=scope.term)
            .overdue(today())
            .count()
        )
    rounds = list(
        InspectionRound.objects.not_finalized()
        .filter(inspectors=request.user)
        .select_related("subject")
        .annotate(
            teacher_count=Count("teachers", distinct=True),
            result_count=Count("results", distinct=True),
        )
        .order_by("due")[:5]
    )
    managed = (
        InspectionRound.objects.managed_by(scope).not_finalized().count()
        if scope.school_wide or scope.is_director
        else 0
    )
    if not context and not rounds and not managed:
        return []
    context |= {"rounds": rounds, "managed": managed}
    return [
        Panel(
            title=_("Evaluations and inspections"),
            template="evaluations/_dashboard_panel.html",
            context=context,
            order=30,
        )
    ]
