"""Dashboard panel: rounds to inspect, rounds in progress the user manages."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.plugins import Panel

from .models import InspectionRound


def panels(request) -> list[Panel]:
    scope = request.scope
    if scope.term is None or not scope.is_authenticated:
        return []
    rounds = list(
        InspectionRound.objects.not_finalized()
        .filter(assignments__inspector=request.user)
        .distinct()
        .select_related("subject")
        .annotate(
            # The inspector's own share: the teachers assigned to them, their results.
            teacher_count=Count(
                "assignments", filter=Q(assignments__inspector=request.user), distinct=True
            ),
            result_count=Count("results", filter=Q(results__inspector=request.user), distinct=True),
        )
        .order_by("due")[:5]
    )
    managed = (
        InspectionRound.objects.managed_by(scope).not_finalized().count()
        if scope.school_wide or scope.is_director
        else 0
    )
    if not rounds and not managed:
        return []
    return [
        Panel(
            title=_("Inspections"),
            template="inspections/_dashboard_panel.html",
            context={"rounds": rounds, "managed": managed},
            order=31,
        )
    ]
