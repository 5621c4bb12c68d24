"""The process evaluation: a teacher's results across rounds."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import render

from core.pagination import paginate
from school.models import User
from school.scoping import ScopedRequest, get_object_in_scope

from ..models import InspectionResult, InspectionRound, ItemScore


def _process(request: ScopedRequest, results_qs: QuerySet[InspectionResult]) -> Page:
    """A page of a teacher's results, newest round first, with their item scores."""
    return paginate(
        request,
        results_qs.select_related("round__term", "round__subject", "inspector")
        .prefetch_related(Prefetch("scores", queryset=ItemScore.objects.select_related("item")))
        .order_by("-round__due", "-round__pk"),
        per_page=20,
    )


@login_required
def my_results(request: ScopedRequest) -> HttpResponse:
    """A teacher's own process evaluation: results of finalized rounds only."""
    results = _process(
        request,
        InspectionResult.objects.own_finalized(request.user),
    )
    return render(
        request,
        "inspections/process.html",
        {"teacher": request.user, "results": results, "page": results, "own": True},
    )


@login_required
def teacher_process(request: ScopedRequest, teacher_pk: int) -> HttpResponse:
    """A teacher's results across the rounds the viewer manages."""
    rounds = InspectionRound.objects.managed_by(request.scope)
    teacher = get_object_in_scope(
        User.objects.filter(rounds_inspected__in=rounds).distinct(), pk=teacher_pk
    )
    results = _process(
        request, InspectionResult.objects.managed_by(request.scope).filter(teacher=teacher)
    )
    return render(
        request,
        "inspections/process.html",
        {"teacher": teacher, "results": results, "page": results, "own": False},
    )
