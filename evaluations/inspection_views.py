"""Inspection rounds: creation, the inspection form with evidence, review, report, results."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from school.models import User
from school.plugins import collect
from school.scoping import get_object_in_scope
from school.views import paginate

from . import services
from .forms import RoundForm
from .models import InspectionResult, InspectionRound, ItemScore
from .report import build_report, report_xlsx
from .views import is_manager

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _round(request, round_pk: int, *, manage: bool = False) -> InspectionRound:
    rounds = InspectionRound.objects.select_related("term", "subject", "created_by")
    if manage:
        rounds = rounds.managed_by(request.scope)
    else:
        rounds = rounds.visible_to(request.scope)
    return get_object_in_scope(rounds, pk=round_pk)


def _can_manage(request, inspection_round: InspectionRound) -> bool:
    return InspectionRound.objects.managed_by(request.scope).filter(pk=inspection_round.pk).exists()


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    scope = request.scope
    rounds = (
        InspectionRound.objects.visible_to(scope)
        .select_related("term", "subject")
        .annotate(
            teacher_count=Count("teachers", distinct=True),
            result_count=Count("results", distinct=True),
        )
        .order_by("-due", "-pk")
    )
    page = paginate(request, rounds)
    return render(
        request,
        "evaluations/round_list.html",
        {"page": page, "can_create": is_manager(scope) and scope.term is not None},
    )


@login_required
def round_form(request: HttpRequest, round_pk: int | None = None) -> HttpResponse:
    scope = request.scope
    inspection_round = None
    if round_pk is not None:
        inspection_round = _round(request, round_pk, manage=True)
        if inspection_round.is_finalized:
            messages.error(request, _("This round is finalized and can no longer be changed."))
            return redirect("evaluations:round_detail", round_pk=inspection_round.pk)
    elif not is_manager(scope) or scope.term is None:
        raise PermissionDenied
    instance = inspection_round or InspectionRound(
        term=scope.term, created_by=request.user, due=scope.term.midterm_review
    )
    form = RoundForm(request.POST or None, instance=instance, scope=scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if inspection_round is None:
                inspection_round = services.create_round(
                    term=scope.term,
                    kind=data["kind"],
                    subject=data["subject"],
                    due=data["due"],
                    inspectors=data["inspectors"],
                    teachers=data["teachers"],
                    user=request.user,
                )
            else:
                services.update_round(
                    inspection_round=inspection_round,
                    due=data["due"],
                    inspectors=data["inspectors"],
                    teachers=data["teachers"],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Inspection round saved."))
            return redirect("evaluations:round_detail", round_pk=inspection_round.pk)
    title = _("Edit inspection round") if inspection_round else _("New inspection round")
    return render(
        request,
        "school/form.html",
        {"form": form, "title": title, "back": reverse("evaluations:rounds")},
    )


@login_required
def round_detail(request: HttpRequest, round_pk: int) -> HttpResponse:
    inspection_round = _round(request, round_pk)
    manage = _can_manage(request, inspection_round)
    results = {r.teacher_id: r for r in inspection_round.results.select_related("inspector")}
    teachers = list(inspection_round.teachers.all())
    for t in teachers:
        t.result = results.get(t.pk)
    return render(
        request,
        "evaluations/round_detail.html",
        {
            "round": inspection_round,
            "items": inspection_round.items.all(),
            "inspectors": inspection_round.inspectors.all(),
            "teachers": teachers,
            "manage": manage,
            "done": len(results),
        },
    )


class InspectionForm(forms.Form):
    problems = forms.CharField(
        label=gettext_lazy("Problems found"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up = forms.CharField(
        label=gettext_lazy("Follow-up"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _evidence(inspection_round: InspectionRound, teacher) -> list:
    term = inspection_round.term
    end = min(inspection_round.due, term.end)
    return collect("evidence", "evidence", teacher=teacher, term=term, start=term.start, end=end)


@login_required
def inspect(request: HttpRequest, round_pk: int, teacher_pk: int) -> HttpResponse:
    """The inspection form for one teacher: the records' evidence, then a score per item."""
    inspection_round = _round(request, round_pk)
    manage = _can_manage(request, inspection_round)
    if not manage and not inspection_round.inspectors.filter(pk=request.user.pk).exists():
        raise Http404
    teacher = get_object_in_scope(inspection_round.teachers.all(), pk=teacher_pk)
    items = list(inspection_round.items.all())
    result = (
        InspectionResult.objects.filter(round=inspection_round, teacher=teacher)
        .select_related("inspector")
        .first()
    )
    existing = {s.item_id: s for s in result.scores.all()} if result else {}
    form = InspectionForm(
        request.POST or None,
        initial={"problems": result.problems, "follow_up": result.follow_up} if result else None,
    )
    errors: dict[int, str] = {}
    rows = []
    for item in items:
        s = existing.get(item.pk)
        rows.append(
            {
                "item": item,
                "score": request.POST.get(f"score-{item.pk}", "")
                if request.method == "POST"
                else (str(s.score).removesuffix(".0") if s else ""),
                "comment": request.POST.get(f"comment-{item.pk}", "")
                if request.method == "POST"
                else (s.comment if s else ""),
                "evidence": [],
            }
        )
    if request.method == "POST":
        if inspection_round.is_finalized:
            messages.error(request, _("This round is finalized and can no longer be changed."))
            return redirect("evaluations:inspect", round_pk=round_pk, teacher_pk=teacher_pk)
        scores = {}
        for row in rows:
            try:
                value = Decimal(row["score"].strip())
            except (InvalidOperation, ValueError):
                errors[row["item"].pk] = _("Enter a score.")
                continue
            if value < 0 or value > inspection_round.max_score:
                errors[row["item"].pk] = _("Scores go from 0 to %(max)d.") % {
                    "max": inspection_round.max_score
                }
                continue
            scores[row["item"].pk] = (value, row["comment"][:300])
        if form.is_valid() and not errors:
            try:
                services.save_inspection(
                    inspection_round=inspection_round,
                    teacher=teacher,
                    inspector=request.user,
                    scores=scores,
                    problems=form.cleaned_data["problems"],
                    follow_up=form.cleaned_data["follow_up"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Inspection of %(teacher)s saved.") % {"teacher": teacher}
                )
                return redirect("evaluations:round_detail", round_pk=round_pk)
    for row in rows:
        row["error"] = errors.get(row["item"].pk, "")
    evidence = _evidence(inspection_round, teacher)
    by_area = {row["item"].area: row for row in rows}
    general = []
    for e in evidence:
        if e.group in by_area:
            by_area[e.group]["evidence"].append(e)
        else:
            general.append(e)
    return render(
        request,
        "evaluations/inspect.html",
        {
            "round": inspection_round,
            "teacher": teacher,
            "rows": rows,
            "general": general,
            "form": form,
            "result": result,
            "read_only": inspection_round.is_finalized,
        },
    )


@login_required
def round_finalize(request: HttpRequest, round_pk: int) -> HttpResponse:
    inspection_round = _round(request, round_pk, manage=True)
    if request.method == "POST":
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
        return redirect("evaluations:round_detail", round_pk=inspection_round.pk)
    return redirect("evaluations:round_detail", round_pk=inspection_round.pk)


@login_required
def round_report(request: HttpRequest, round_pk: int) -> HttpResponse:
    inspection_round = _round(request, round_pk, manage=True)
    report = build_report(inspection_round)
    return render(request, "evaluations/report.html", {"report": report, "round": inspection_round})


@login_required
def round_report_xlsx(request: HttpRequest, round_pk: int) -> HttpResponse:
    inspection_round = _round(request, round_pk, manage=True)
    content = report_xlsx(build_report(inspection_round))
    response = HttpResponse(content, content_type=XLSX)
    stamp = datetime.date.today().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="inspection-report-{inspection_round.pk}-{stamp}.xlsx"'
    )
    return response


def _process(request, results_qs):
    """A page of a teacher's results, newest round first, with their item scores."""
    return paginate(
        request,
        results_qs.select_related("round__term", "round__subject", "inspector")
        .prefetch_related(Prefetch("scores", queryset=ItemScore.objects.select_related("item")))
        .order_by("-round__due", "-round__pk"),
        per_page=20,
    )


@login_required
def my_results(request: HttpRequest) -> HttpResponse:
    """A teacher's own process evaluation: results of finalized rounds only."""
    results = _process(
        request,
        InspectionResult.objects.filter(
            teacher=request.user, round__status=InspectionRound.Status.FINALIZED
        ),
    )
    return render(
        request,
        "evaluations/process.html",
        {"teacher": request.user, "results": results, "page": results, "own": True},
    )


@login_required
def teacher_process(request: HttpRequest, teacher_pk: int) -> HttpResponse:
    """A teacher's results across the rounds the viewer manages."""
    rounds = InspectionRound.objects.managed_by(request.scope)
    teacher = get_object_in_scope(
        User.objects.filter(rounds_inspected__in=rounds).distinct(), pk=teacher_pk
    )
    results = _process(request, InspectionResult.objects.filter(teacher=teacher, round__in=rounds))
    return render(
        request,
        "evaluations/process.html",
        {"teacher": teacher, "results": results, "page": results, "own": False},
    )
