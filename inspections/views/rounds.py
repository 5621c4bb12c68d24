"""Inspection rounds: the list, creating and editing, the round page, the director's review."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import submit
from core.pagination import paginate
from school import dates
from school.models import User, today
from school.scoping import ScopedRequest

from .. import rules, services
from ..combined import average
from ..forms import RoundForm
from ..models import InspectionResult, InspectionRound
from ..selectors import get_round


@login_required
def round_list(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    rounds = (
        InspectionRound.objects.visible_to(scope)
        .select_related("term", "subject")
        .annotate(
            teacher_count=Count("teachers", distinct=True),
            # Teachers with at least one inspector's result.
            result_count=Count("results__teacher", distinct=True),
        )
        .order_by("-due", "-pk")
    )
    page = paginate(request, rounds)
    return render(
        request,
        "inspections/round_list.html",
        {"page": page, "can_create": rules.can_create_round(scope)},
    )


def _save_round(
    *, request: ScopedRequest, form: RoundForm, inspection_round: InspectionRound | None
) -> InspectionRound:
    data = form.cleaned_data
    if inspection_round is None:
        return services.create_round(
            term=request.scope.term,
            kind=data["kind"],
            subject=data["subject"],
            due=data["due"],
            inspectors=data["inspectors"],
            teachers=data["teachers"],
            user=request.user,
            assignments=form.assignments(),
            two_stage=data.get("two_stage", False),
        )
    services.update_round(
        inspection_round=inspection_round,
        due=data["due"],
        inspectors=data["inspectors"],
        teachers=data["teachers"],
        assignments=form.assignments(),
    )
    return inspection_round


def _instance(request: ScopedRequest, inspection_round: InspectionRound | None) -> InspectionRound:
    """The round being edited, or a new one of the current term (due at its midterm review)."""
    if inspection_round is not None:
        return inspection_round
    term = request.scope.term
    assert term is not None  # rules.can_create_round asks for a current term
    # The mid-term review, or today once it has passed (within the term).
    due = dates.clamp_to_term(max(term.midterm_review, today()), term)
    return InspectionRound(term=term, created_by=request.user, due=due)


@login_required
def round_form(request: ScopedRequest, round_pk: int | None = None) -> HttpResponse:
    scope = request.scope
    inspection_round = None
    if round_pk is not None:
        inspection_round = get_round(scope, round_pk, manage=True)
        if inspection_round.is_finalized:
            messages.error(request, _("This round is finalized and can no longer be changed."))
            return redirect("inspections:round_detail", round_pk=inspection_round.pk)
    elif not rules.can_create_round(scope):
        raise PermissionDenied
    form = RoundForm(
        request.POST or None, instance=_instance(request, inspection_round), scope=scope
    )
    if request.method == "POST" and form.is_valid():
        saved = submit(
            form, _save_round, request=request, form=form, inspection_round=inspection_round
        )
        if saved is not None:
            messages.success(request, _("Inspection round saved."))
            return redirect("inspections:round_detail", round_pk=saved.pk)
    title = _("Edit inspection round") if inspection_round else _("New inspection round")
    return render(
        request,
        "core/form.html",
        {"form": form, "title": title, "back": reverse("inspections:rounds")},
    )


@login_required
def round_detail(request: ScopedRequest, round_pk: int) -> HttpResponse:
    """The round: its managers see every teacher with the average of their inspectors;
    an inspector sees only the teachers assigned to them, and their own scores."""
    scope = request.scope
    inspection_round = get_round(scope, round_pk)
    manage = rules.can_manage_round(scope, inspection_round)
    results = inspection_round.results.select_related("inspector")
    assignments = inspection_round.assignments.select_related("inspector")
    if not manage:
        results = results.filter(inspector=request.user)
        assignments = assignments.filter(inspector=request.user)
    by_teacher: dict[int, list] = {}
    for r in results:
        by_teacher.setdefault(r.teacher_id, []).append(r)
    assigned: dict[int, list] = {}
    for a in assignments:
        assigned.setdefault(a.teacher_id, []).append(a.inspector)
    teachers = [
        TeacherLine(t, assigned.get(t.pk, []), by_teacher.get(t.pk, []))
        for t in rules.teachers_visible(scope, inspection_round)
    ]
    return render(
        request,
        "inspections/round_detail.html",
        {
            "round": inspection_round,
            "items": inspection_round.items.all(),
            "inspectors": inspection_round.inspectors.all(),
            "teachers": teachers,
            "manage": manage,
            "done": sum(1 for t in teachers if t.complete),
        },
    )


@dataclass
class TeacherLine:
    """A teacher of the round page, with their assigned inspectors and saved results."""

    teacher: User
    inspectors: list[User]
    results: list[InspectionResult]

    @property
    def total(self) -> Decimal | None:
        return average(r.total_percent for r in self.results)

    @property
    def complete(self) -> bool:
        done = {r.inspector_id for r in self.results}
        return bool(self.results) and all(i.pk in done for i in self.inspectors)


@login_required
def round_finalize(request: ScopedRequest, round_pk: int) -> HttpResponse:
    inspection_round = get_round(request.scope, round_pk, manage=True)
    if not rules.can_review(request.scope, inspection_round):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("inspections:round_detail", round_pk=inspection_round.pk)
    try:
        services.finalize_round(
            inspection_round=inspection_round,
            user=request.user,
            review_note=request.POST.get("review_note", "")[:4000],
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The round is finalized; teachers can read their results."))
    return redirect("inspections:round_detail", round_pk=inspection_round.pk)


@login_required
@require_POST
def round_recheck(request: ScopedRequest, round_pk: int) -> HttpResponse:
    """The office's re-check begins; the self-check's scores are kept."""
    inspection_round = get_round(request.scope, round_pk, manage=True)
    try:
        n = services.start_recheck(inspection_round=inspection_round, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(n)d self-check results kept. Assign the office's inspectors and re-check.")
            % {"n": n},
        )
    return redirect("inspections:round_detail", round_pk=inspection_round.pk)
