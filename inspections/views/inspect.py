"""The inspection form for one teacher: the records' evidence, then a score per item."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.fields import parse_score
from core.forms import submit
from core.idempotency import create_once
from school.scoping import ScopedRequest, get_object_in_scope

from .. import rules, scoring, services
from ..combined import combine
from ..followups import earlier_follow_ups
from ..forms import InspectionForm
from ..models import InspectionResult, InspectionRound, ItemScore
from ..selectors import evidence_for, get_round, group_evidence


def _rows(request, items, result) -> list[dict]:
    """One row per item: what was posted, or else the score saved before."""
    existing = {s.item_id: s for s in result.scores.all()} if result else {}
    posted = request.method == "POST"
    rows = []
    for item in items:
        s = existing.get(item.pk)
        saved_score = str(s.score).removesuffix(".0") if s else ""
        rows.append(
            {
                "item": item,
                "score": request.POST.get(f"score-{item.pk}", "") if posted else saved_score,
                "comment": request.POST.get(f"comment-{item.pk}", "")
                if posted
                else (s.comment if s else ""),
                "evidence": [],
                "error": "",
                "saved": s is not None,
            }
        )
    return rows


def _with_suggestions(
    request, rows: list[dict], inspection_round: InspectionRound, teacher, drill: bool
) -> None:
    """Each row's suggested score, and its figures with their threshold and drill-down link."""
    table = scoring.thresholds()
    for row in rows:
        row["suggested"] = scoring.suggest(row["evidence"], inspection_round.max_score, table)
        row["note"] = scoring.note(row["evidence"])
        if row["suggested"] is not None and not row["saved"] and request.method != "POST":
            row["score"] = str(row["suggested"]).removesuffix(".0")
        row["figures"] = _figures(row["evidence"], inspection_round, teacher, table, drill)


def _figures(evidence, inspection_round, teacher, table, drill: bool) -> list[dict]:
    return [
        {
            "e": e,
            "url": reverse(
                "inspections:records",
                args=[inspection_round.pk, teacher.pk, e.key],
            )
            if drill and e.key
            else "",
            "target": table[e.key].describe if e.key in table else "",
        }
        for e in evidence
    ]


def _parse_scores(rows: list[dict], max_score: int) -> dict[int, tuple[Decimal, str]]:
    """The posted scores by item; a row with a bad score gets its error instead."""
    scores = {}
    column = ItemScore._meta.get_field("score")
    comment_field = forms.CharField(
        required=False, max_length=ItemScore._meta.get_field("comment").max_length
    )
    for row in rows:
        try:
            value = parse_score(
                row["score"],
                max_value=max_score,
                max_digits=column.max_digits,
                decimal_places=column.decimal_places,
            )
            comment = comment_field.clean(row["comment"])
        except ValidationError as error:
            row["error"] = " ".join(error.messages)
            continue
        if value is None:
            row["error"] = _("Enter a score.")
            continue
        suggested = row.get("suggested")
        if suggested is not None and value != suggested and not comment.strip():
            row["error"] = _(
                "You changed the suggested score (%(suggested)s): give the reason in the comment."
            ) % {"suggested": str(suggested).removesuffix(".0")}
            continue
        scores[row["item"].pk] = (value, comment)
    return scores


def _save(request: ScopedRequest, inspection_round: InspectionRound, teacher, rows, form) -> bool:
    scores = _parse_scores(rows, inspection_round.max_score)
    if not form.is_valid() or len(scores) < len(rows):
        return False
    result = submit(
        form,
        services.save_inspection,
        inspection_round=inspection_round,
        teacher=teacher,
        inspector=request.user,
        scores=scores,
        problems=form.cleaned_data["problems"],
        follow_up=form.cleaned_data["follow_up"],
        version=form.cleaned_data["version"],
        suggested={row["item"].pk: row["suggested"] for row in rows},
        notes={row["item"].pk: row["note"] for row in rows},
    )
    if result is None:
        return False
    messages.success(request, _("Inspection of %(teacher)s saved.") % {"teacher": teacher})
    return True


def _all_results(inspection_round: InspectionRound, teacher) -> list[InspectionResult]:
    """Every inspector's result for the teacher, with their scores."""
    return list(
        InspectionResult.objects.filter(round=inspection_round, teacher=teacher)
        .select_related("inspector")
        .prefetch_related(Prefetch("scores", queryset=ItemScore.objects.order_by()))
        .order_by("inspector__full_name", "inspector__username")
    )


@login_required
@create_once
def inspect(request: ScopedRequest, round_pk: int, teacher_pk: int) -> HttpResponse:
    """An assigned inspector scores the teacher; the round's managers see every
    inspector's scores, their average and spread."""
    scope = request.scope
    inspection_round = get_round(scope, round_pk)
    teacher = get_object_in_scope(rules.teachers_visible(scope, inspection_round), pk=teacher_pk)
    scorer = rules.can_score(scope, inspection_round, teacher)
    manage = rules.can_manage_round(scope, inspection_round)
    results = _all_results(inspection_round, teacher)
    result = next((r for r in results if r.inspector_id == request.user.pk), None)
    items = list(inspection_round.items.all())
    rows = _rows(request, items, result)
    initial = {"problems": result.problems, "follow_up": result.follow_up} if result else None
    form = InspectionForm(
        request.POST or None, initial=initial, version=result.version if result else 0
    )
    evidence = evidence_for(inspection_round, teacher)
    general = group_evidence(rows, evidence)
    drill = rules.can_drill_down(scope, inspection_round, teacher)
    _with_suggestions(request, rows, inspection_round, teacher, drill)
    table = scoring.thresholds()
    if request.method == "POST":
        if not scorer:
            raise PermissionDenied
        if inspection_round.is_finalized:
            messages.error(request, _("This round is finalized and can no longer be changed."))
            return redirect("inspections:inspect", round_pk=round_pk, teacher_pk=teacher_pk)
        if _save(request, inspection_round, teacher, rows, form):
            return redirect("inspections:round_detail", round_pk=round_pk)
    return render(
        request,
        "inspections/inspect.html",
        {
            "round": inspection_round,
            "teacher": teacher,
            "rows": rows,
            "general": _figures(general, inspection_round, teacher, table, drill),
            "everything": []
            if scorer
            else _figures(evidence, inspection_round, teacher, table, drill),
            "form": form,
            "result": result,
            "scorer": scorer,
            "combined": combine(inspection_round, teacher.pk, results, items) if manage else None,
            "read_only": inspection_round.is_finalized or not scorer,
            "earlier": earlier_follow_ups(inspection_round, teacher),
            "follow_ups": list(
                inspection_round.follow_ups.filter(teacher=teacher).select_related("created_by")
            ),
            "can_add_follow_up": not inspection_round.is_finalized and (scorer or manage),
        },
    )
