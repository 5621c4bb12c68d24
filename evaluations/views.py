"""Student evaluations: the list, the class score grid, gaps, early warning, settings."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import history as change_history
from core.choices import choice_label
from core.forms import submit
from core.idempotency import create_once
from core.locking import posted_version
from core.page_cache import kept_page
from core.pagination import paginate
from core.rows import pk_url
from school.models import SchoolClass, Subject, today
from school.scoping import ScopedRequest, get_object_in_scope
from students.models import Student

from . import paste, services, warnings
from . import results as results_module
from .forms import (
    DismissForm,
    EvaluationForm,
    GapForm,
    SettingsForm,
)
from .models import Evaluation, EvaluationResult, EvaluationSettings, Gap, Level
from .rules import can_change_school_rules, can_dismiss_warning, is_manager

# ---- evaluations ---------------------------------------------------------------------


def _result_count(**filters) -> Coalesce:
    """How many results (matching ``filters``) the evaluation has: a subquery per row."""
    rows = (
        EvaluationResult.objects.filter(evaluation=OuterRef("pk"), **filters)
        .order_by()
        .values("evaluation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


@login_required
@kept_page
def evaluation_list(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    evaluations = (
        Evaluation.objects.visible_to(scope)
        .filter(term=scope.term)
        .select_related("school_class__grade", "subject")
        .annotate(result_count=_result_count(), below_count=_result_count(goal_attained=False))
        .order_by("-date", "-pk")
    )
    class_id = request.GET.get("class", "")
    # The filter's options as (pk, label) rows, the selection set here (core/rows.py).
    classes = [
        {"pk": pk, "label": label, "selected": str(pk) == class_id}
        for pk, label in SchoolClass.choices_of(scope.classes())
    ]
    if class_id.isdigit():
        evaluations = evaluations.filter(school_class_id=int(class_id))
    # The counts are correlated subqueries: the paginator's count leaves them out and only
    # the page's rows compute them; the rows are read here, not from the template.
    page = paginate(request, evaluations)
    page.object_list = list(page.object_list)
    comparisons = results_module.grade_comparisons(scope, scope.term)
    _show(page.object_list, comparisons)
    return render(
        request,
        "evaluations/evaluation_list.html",
        {"page": page, "classes": classes, "class_id": class_id, "comparisons": comparisons},
    )


def _show(evaluations: list[Any], comparisons: list[Any]) -> None:
    """Each row's link, date and labels, each distinct value computed once (core/rows.py)."""
    day = cache(lambda d: date_format(d, "m-d") if d else "")
    detail = pk_url("evaluations:detail")
    for e in evaluations:
        e.detail_url = detail(e.pk)
        e.shown_date = day(e.date)
        e.shown_kind = choice_label(e, "kind")
    compare = pk_url("evaluations:compare")
    classes = cache(lambda n: ngettext("%(n)s class", "%(n)s classes", n) % {"n": n})
    for c in comparisons:
        c.compare_url = compare(c.pk)
        c.shown_classes = classes(c.classes)
        c.shown_latest = day(c.latest)


@login_required
@create_once
def evaluation_form(request: ScopedRequest, evaluation_pk: int | None = None) -> HttpResponse:
    scope = request.scope
    evaluation = None
    if evaluation_pk is not None:
        evaluation = get_object_in_scope(Evaluation.objects.visible_to(scope), pk=evaluation_pk)
    elif scope.term is None:
        messages.error(request, _("Set a current term first."))
        return redirect("evaluations:list")
    instance = evaluation or Evaluation(term=scope.term, created_by=request.user)
    initial = None if evaluation else {"full_marks": 100, "pass_line": 60}
    form = EvaluationForm(request.POST or None, instance=instance, scope=scope, initial=initial)
    if request.method == "POST" and form.is_valid():
        evaluation = submit(
            form, services.save_evaluation, evaluation=form.instance, user=request.user
        )
        if evaluation is not None:
            messages.success(request, _("Evaluation saved. Now enter the results."))
            return redirect("evaluations:detail", evaluation_pk=evaluation.pk)
    title = _("Edit evaluation") if evaluation else _("New evaluation")
    return render(
        request,
        "core/form.html",
        {"form": form, "title": title, "back": reverse("evaluations:list")},
    )


def _grid_rows(evaluation: Evaluation) -> list[services.GridRow]:
    results = {
        r.student_id: r
        for r in evaluation.results.select_related("student").prefetch_related("gaps")
    }
    students = list(evaluation.school_class.students.in_school().order_by("student_number"))
    known = {s.pk for s in students}
    students += [r.student for sid, r in results.items() if sid not in known]
    struggling = results_module.struggling_ids(evaluation)
    rows = []
    for s in students:
        r = results.get(s.pk)
        rows.append(
            services.GridRow(
                student=s,
                score_text=str(r.score).removesuffix(".0") if r and r.score is not None else "",
                level=r.level if r else "",
                gaps_text="，".join(g.knowledge_point for g in r.gaps.all()) if r else "",
                attained=r.goal_attained if r else None,
                struggling=s.pk in struggling,
            )
        )
    return rows


def _apply_paste(request: ScopedRequest, evaluation: Evaluation, rows) -> paste.PasteMatch:
    """Fill the grid from the pasted block (not saved): the teacher checks, then saves."""
    found = paste.match(request.POST.get("pasted", ""), [row.student for row in rows])
    for row in rows:
        if row.student.pk in found.values:
            value = found.values[row.student.pk]
            if evaluation.is_scored:
                row.score_text = value[:20]
            else:
                row.level = value[:2].upper()
            row.pasted = True
    return found


def _read_grid(request: ScopedRequest, rows: list[services.GridRow]) -> None:
    """Put what was typed into the grid's rows (bounded lengths, so a flood is cut short)."""
    for row in rows:
        key = row.student.pk
        row.score_text = request.POST.get(f"score-{key}", "")[:20]
        row.level = request.POST.get(f"level-{key}", "")[:2]
        row.gaps_text = request.POST.get(f"gaps-{key}", "")[:600]


@login_required
@create_once
def evaluation_detail(request: ScopedRequest, evaluation_pk: int) -> HttpResponse:
    """The evaluation and its score grid: the whole class, one input per student."""
    scope = request.scope
    evaluation = get_object_in_scope(
        Evaluation.objects.visible_to(scope).select_related(
            "school_class__grade", "subject", "term"
        ),
        pk=evaluation_pk,
    )
    rows = _grid_rows(evaluation)
    error = ""
    pasted = None
    if request.method == "POST" and "preview" in request.POST:
        _read_grid(request, rows)
        pasted = _apply_paste(request, evaluation, rows)
    elif request.method == "POST":
        _read_grid(request, rows)
        try:
            n = services.save_grid(
                evaluation=evaluation,
                rows=rows,
                version=posted_version(request.POST.get("version")),
                user=request.user,
            )
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("%(n)d results saved.") % {"n": n})
            return redirect("evaluations:detail", evaluation_pk=evaluation.pk)
    return render(
        request,
        "evaluations/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "rows": rows,
            "error": error,
            "levels": Level.choices,
            "pasted": pasted,
            "summary": _summary(evaluation),
            "can_compare": results_module.comparable(scope, evaluation).count() > 1,
        },
    )


def _summary(evaluation: Evaluation) -> results_module.Summary:
    rows = list(evaluation.results.values_list("score", "level", "goal_attained"))
    return results_module.summarise(evaluation, rows)


@login_required
def evaluation_compare(request: ScopedRequest, evaluation_pk: int) -> HttpResponse:
    """The same evaluation across the classes of the grade: figures only, no student."""
    scope = request.scope
    visible = Evaluation.objects.filter(results_module.comparable_q(scope))
    evaluation = get_object_in_scope(
        visible.select_related("school_class__grade", "subject", "term"), pk=evaluation_pk
    )
    lines = results_module.comparison(list(results_module.comparable(scope, evaluation)))
    return render(
        request,
        "evaluations/evaluation_compare.html",
        {
            "evaluation": evaluation,
            "lines": lines,
            "chart": _compare_chart(lines),
            "chart_height": 14 + 34 * len(lines),
        },
    )


def _compare_chart(lines) -> list[dict]:
    """Bars for the SVG: each class's average (% of full marks) and pass rate."""
    bars = []
    for i, line in enumerate(lines):
        average = line.summary.average_percent or 0
        rate = line.summary.pass_rate or 0
        bars.append(
            {
                "label": str(line.evaluation.school_class),
                "y": 10 + i * 34,
                "average_width": round(average * 2.4, 1),
                "pass_width": round(rate * 2.4, 1),
                "average": average,
                "rate": rate,
            }
        )
    return bars


# ---- gaps ---------------------------------------------------------------------------


@login_required
def gap_list(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    show = request.GET.get("show", "open")
    gaps = (
        Gap.objects.visible_to(scope)
        .filter(result__evaluation__term=scope.term)
        .select_related(
            "result__student", "result__evaluation__subject", "result__evaluation__school_class"
        )
        .order_by("done", "due", "pk")
    )
    if show != "all":
        gaps = gaps.open()
    page = paginate(request, gaps)
    return render(
        request, "evaluations/gap_list.html", {"page": page, "show": show, "today": today()}
    )


@login_required
def gap_edit(request: ScopedRequest, gap_pk: int) -> HttpResponse:
    scope = request.scope
    gap = get_object_in_scope(
        Gap.objects.visible_to(scope).select_related("result__student", "result__evaluation"),
        pk=gap_pk,
    )
    form = GapForm(
        request.POST or None,
        initial={"remediation": gap.remediation, "due": gap.due, "done": gap.done},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = submit(
            form,
            services.update_gap,
            gap=gap,
            remediation=data["remediation"],
            due=data["due"],
            done=data["done"],
        )
        if saved is not None:
            messages.success(request, _("Gap follow-up saved."))
            return redirect("evaluations:gaps")
    title = _("Gap: %(point)s — %(student)s") % {
        "point": gap.knowledge_point,
        "student": gap.result.student.name,
    }
    return render(
        request,
        "core/form.html",
        {"form": form, "title": title, "back": reverse("evaluations:gaps")},
    )


# ---- early warning -------------------------------------------------------------------


def identify_url(student, subject) -> str:
    """The identification page of the support cases, the subject pre-selected."""
    url = reverse("archives:case_identify", kwargs={"student_pk": student.pk})
    return f"{url}?subject={subject.pk}"


def _rule_changes() -> list[change_history.Change]:
    """The warning rule's 修改记录 (one row, rarely changed: every version is read)."""
    return change_history.changes(
        EvaluationSettings.history.select_related("history_user"),
        EvaluationSettings,
        subject=lambda r: _("Early-warning rule"),
    )[:20]


@login_required
def warning_list(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    rule = EvaluationSettings.load()
    found = warnings.suggestions(scope=scope, term=scope.term, rule=rule)
    page = paginate(request, found)
    for s in page:
        s.identify_url = identify_url(s.student, s.subject)
    return render(
        request,
        "evaluations/warning_list.html",
        {
            "page": page,
            "rule": rule,
            "can_manage": is_manager(scope),
            "changes": _rule_changes() if is_manager(scope) else [],
            "created_label": _("Created"),
        },
    )


@login_required
def warning_dismiss(request: ScopedRequest, student_pk: int, subject_pk: int) -> HttpResponse:
    scope = request.scope
    student = get_object_in_scope(Student.objects.visible_to(scope), pk=student_pk)
    subject = get_object_in_scope(Subject.objects.all(), pk=subject_pk)
    if not can_dismiss_warning(scope, student, subject):
        raise PermissionDenied
    suggestion = warnings.suggestion_for(
        scope=scope, term=scope.term, student=student, subject=subject
    )
    if suggestion is None:
        messages.info(request, _("There is no suggestion for this student any more."))
        return redirect("evaluations:warnings")
    form = DismissForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dismissal = submit(
            form,
            services.dismiss_warning,
            student=student,
            subject=subject,
            evaluation=suggestion.trigger,
            reason=form.cleaned_data["reason"],
            user=request.user,
        )
        if dismissal is not None:
            messages.success(request, _("Suggestion dismissed."))
            return redirect("evaluations:warnings")
    title = _("Dismiss the suggestion for %(student)s (%(subject)s)") % {
        "student": student.name,
        "subject": subject,
    }
    return render(
        request,
        "core/form.html",
        {"form": form, "title": title, "back": reverse("evaluations:warnings")},
    )


# ---- settings: the early-warning rule ---------------------------------------------


def _require_manager(scope) -> None:
    if not is_manager(scope):
        raise PermissionDenied


@login_required
def settings_view(request: ScopedRequest) -> HttpResponse:
    """The school-wide warning rule: directors read it, the principal or admin change it."""
    scope = request.scope
    _require_manager(scope)
    if request.method == "POST" and not can_change_school_rules(scope):
        raise PermissionDenied
    form = SettingsForm(request.POST or None, instance=EvaluationSettings.load())
    if not can_change_school_rules(scope):
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        services.save_settings(settings=form.instance)
        messages.success(request, _("Settings saved."))
        return redirect("evaluations:warnings")
    return render(
        request,
        "evaluations/settings.html",
        {
            "form": form,
            "title": _("Early-warning rule"),
            "back": reverse("evaluations:warnings"),
            "changes": _rule_changes(),
            "created_label": _("Created"),
        },
    )
