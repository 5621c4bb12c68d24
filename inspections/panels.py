"""Dashboard panel: rounds to inspect, rounds in progress the user manages."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.plugins import Panel

from .models import FollowUpItem, InspectionRound


def panels(request) -> list[Panel]:
    scope = request.scope
    if scope.term is None or not scope.is_authenticated:
        return []
    return _follow_up_panels(request) + _round_panels(request)


def _follow_up_panels(request) -> list[Panel]:
    """The teacher's open follow-ups, once their round is finalized (the review is done)."""
    items = list(
        FollowUpItem.objects.open()
        .filter(owner=request.user, round__status=InspectionRound.Status.FINALIZED)
        .select_related("round__subject", "round__term")
        .order_by("due", "pk")[:10]
    )
    if not items:
        return []
    return [
        Panel(
            title=_("Inspection follow-ups to do"),
            template="inspections/_follow_up_panel.html",
            context={"items": items},
            order=29,
        )
    ]


def _round_panels(request) -> list[Panel]:
    scope = request.scope
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
