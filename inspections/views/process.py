"""The process evaluation: a teacher's results across rounds, each the average of the
round's inspectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import render

from core.pagination import paginate
from core.plugins import collect
from school.models import User
from school.scoping import ScopedRequest, get_object_in_scope

from ..combined import CombinedResult, combine_all
from ..models import InspectionResult, InspectionRound, ItemScore


def _process(
    request: ScopedRequest, results_qs: QuerySet[InspectionResult]
) -> tuple[Page, list[CombinedResult]]:
    """A page of the rounds the teacher was inspected in, newest first, and for each the
    average of the inspectors' results."""
    rounds = (
        InspectionRound.objects.filter(pk__in=results_qs.values("round_id"))
        .select_related("term", "subject")
        .order_by("-due", "-pk")
    )
    page = paginate(request, rounds, per_page=20)
    results = (
        results_qs.filter(round__in=[r.pk for r in page])
        .select_related("inspector")
        .prefetch_related(Prefetch("scores", queryset=ItemScore.objects.order_by()))
        .order_by("inspector__full_name", "inspector__username")
    )
    by_round = {r.pk: r for r in page}
    items = {
        r.pk: list(r.items.all())
        for r in InspectionRound.objects.filter(pk__in=by_round).prefetch_related("items")
    }
    for r in results:
        r.round = by_round[r.round_id]
    combined: dict[int, CombinedResult] = {c.round.pk: c for c in combine_all(results, items)}
    return page, [combined[r.pk] for r in page if r.pk in combined]


def _sections(request: ScopedRequest, teacher: User, results: list[CombinedResult]) -> list:
    """Other apps' parts of the page (``process_evaluation.sections``: collab's sharing
    sessions), for the current term and the terms of the rounds shown."""
    terms = [request.scope.term, *(c.round.term for c in results)]
    panels = collect(
        "process_evaluation", "sections", request=request, teacher=teacher, terms=terms
    )
    return sorted(panels, key=lambda p: p.order)


@login_required
def my_results(request: ScopedRequest) -> HttpResponse:
    """A teacher's own process evaluation: results of finalized rounds only."""
    page, results = _process(request, InspectionResult.objects.own_finalized(request.user))
    return render(
        request,
        "inspections/process.html",
        {
            "teacher": request.user,
            "results": results,
            "page": page,
            "own": True,
            "sections": _sections(request, request.user, results),
        },
    )


@login_required
def teacher_process(request: ScopedRequest, teacher_pk: int) -> HttpResponse:
    """A teacher's results across the rounds the viewer manages."""
    rounds = InspectionRound.objects.managed_by(request.scope)
    teacher = get_object_in_scope(
        User.objects.filter(rounds_inspected__in=rounds).distinct(), pk=teacher_pk
    )
    page, results = _process(
        request, InspectionResult.objects.managed_by(request.scope).filter(teacher=teacher)
    )
    return render(
        request,
        "inspections/process.html",
        {
            "teacher": teacher,
            "results": results,
            "page": page,
            "own": False,
            "sections": _sections(request, teacher, results),
        },
    )
