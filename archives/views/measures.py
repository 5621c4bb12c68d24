"""The strategy library (帮扶策略库): every teacher reads it and proposes; the subject's
academic director approves; each strategy shows how it went in this school."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.forms import submit
from core.pagination import paginate
from school.models import Subject
from school.scoping import ScopedRequest, get_object_in_scope

from ..case_forms import MeasureForm
from ..models import SupportCase, SupportMeasure
from ..strategy_evidence import MIN_CASES, StrategyEvidence, local_evidence
from ..strategy_services import can_edit, can_review, review_strategy, save_strategy


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("search"), required=False)
    cause = forms.ChoiceField(
        label=gettext_lazy("cause"),
        required=False,
        choices=[("", gettext_lazy("All causes")), *SupportCase.Cause.choices],
    )
    type = forms.ChoiceField(
        label=gettext_lazy("type"),
        required=False,
        choices=[("", gettext_lazy("All types")), *SupportCase.Type.choices],
    )
    subject = forms.ModelChoiceField(
        label=gettext_lazy("subject"), queryset=Subject.objects.all(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].empty_label = gettext_lazy("All subjects")
        for name in ("cause", "type", "subject"):
            self.fields[name].widget.attrs.update(
                {"class": "form-select form-select-sm", "aria-label": self.fields[name].label}
            )
        self.fields["q"].widget.attrs.update(
            {"class": "form-control form-control-sm", "aria-label": self.fields["q"].label}
        )


def _library(request: ScopedRequest):
    return SupportMeasure.objects.visible_to(request.scope).prefetch_related("subjects")


@login_required
def measure_list(request: ScopedRequest) -> HttpResponse:
    """The library: approved strategies, with their local evidence; proposals to review."""
    form = LibraryFilterForm(request.GET or None)
    qs = _library(request).filter(status=SupportMeasure.Status.APPROVED)
    if not request.scope.is_school_leader:
        qs = qs.filter(is_active=True)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            qs = qs.filter(name__icontains=data["q"]) | qs.filter(summary__icontains=data["q"])
        if data["subject"]:
            qs = qs.filter(subjects=data["subject"]) | qs.filter(subjects__isnull=True)
        qs = qs.distinct()
    rows = list(qs)
    if form.is_valid():
        # Causes and types are lists (JSON): filtered in Python (the library is small).
        cause, kind = form.cleaned_data["cause"], form.cleaned_data["type"]
        rows = [
            s
            for s in rows
            if (not cause or not s.causes or cause in s.causes)
            and (not kind or not s.types or kind in s.types)
        ]
    page = paginate(request, rows)
    rows = list(page)
    evidence = local_evidence([s.pk for s in rows])
    proposals = list(
        _library(request)
        .filter(status=SupportMeasure.Status.PROPOSED)
        .select_related("author")
        .order_by("-created_at")[:20]
    )
    return render(
        request,
        "archives/measure_list.html",
        {
            "page": page,
            "rows": [(s, evidence.get(s.pk) or StrategyEvidence()) for s in rows],
            "proposals": [(p, can_review(request.scope, p)) for p in proposals],
            "form": form,
            "min_cases": MIN_CASES,
        },
    )


@login_required
def strategy_detail(request: ScopedRequest, measure_pk: int) -> HttpResponse:
    strategy = get_object_in_scope(_library(request).select_related("author"), pk=measure_pk)
    evidence = local_evidence([strategy.pk]).get(strategy.pk) or StrategyEvidence()
    return render(
        request,
        "archives/strategy_detail.html",
        {
            "strategy": strategy,
            "evidence": evidence,
            "min_cases": MIN_CASES,
            "can_review": can_review(request.scope, strategy),
            "can_edit": can_edit(request.scope, strategy),
        },
    )


@login_required
def measure_form(request: ScopedRequest, measure_pk: int | None = None) -> HttpResponse:
    """Propose a strategy (any teacher), or edit one (its reviewers; its author while
    proposed)."""
    scope = request.scope
    strategy = None
    if measure_pk is not None:
        strategy = get_object_in_scope(_library(request), pk=measure_pk)
        if not can_edit(scope, strategy):
            raise PermissionDenied
    elif not (
        scope.is_school_leader or scope.teaching or scope.headed_class_ids or scope.is_director
    ):
        raise PermissionDenied
    form = MeasureForm(request.POST or None, instance=strategy, leader=scope.is_school_leader)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        subjects = data.pop("subjects", [])
        saved = submit(
            form, save_strategy, scope=scope, strategy=strategy, subjects=subjects, **data
        )
        if saved is not None:
            if saved.status == SupportMeasure.Status.PROPOSED:
                messages.success(
                    request, _("Strategy proposed: the subject's academic director reviews it.")
                )
            else:
                messages.success(request, _("Strategy saved."))
            return redirect("archives:strategy_detail", measure_pk=saved.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Edit strategy") if strategy else _("Propose a strategy"),
            "back": reverse("archives:measure_list"),
        },
    )


@login_required
@require_POST
def strategy_review(request: ScopedRequest, measure_pk: int) -> HttpResponse:
    strategy = get_object_in_scope(_library(request), pk=measure_pk)
    approve = request.POST.get("decision") == "approve"
    review_strategy(scope=request.scope, strategy=strategy, approve=approve)
    if approve:
        messages.success(request, _("Approved for the library."))
    else:
        messages.info(request, _("The proposal was not taken into the library."))
    return redirect("archives:strategy_detail", measure_pk=strategy.pk)
