"""The support plan of a case: staged goals, measures and responsible teachers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import submit
from school.scoping import ScopedRequest

from .. import case_services
from ..case_forms import GoalFormSet, PlanForm
from ..case_history import GOAL_FIELDS
from ..models import SupportCase, SupportMeasure
from ..rules import require_change
from ..selectors import get_case, teachers_of_class
from ..strategy_evidence import local_evidence, recommend

# The pattern of seed 000's case: lower the goal, raise it with praise, master methods
# (lazy: written in the reader's language, not the language the module was imported in).
THREE_STEPS = [
    {
        "description": gettext_lazy("Lower the goal so the student tastes success"),
        "target": gettext_lazy("Masters the easier half of each exercise"),
    },
    {
        "description": gettext_lazy("Raise the goal, with praise"),
        "target": gettext_lazy("Completes the basic questions of tests and workbooks"),
    },
    {
        "description": gettext_lazy("Master methods before the review"),
        "target": gettext_lazy("Has an answering strategy and passes the review"),
    },
]
MAX_STEPS = 10


def goal_initial(request: ScopedRequest, case: SupportCase) -> list[dict]:
    """The plan's goals, or seed 000's three steps; ?steps=N adds empty rows up to N."""
    initial = [{f: getattr(g, f) for f in GOAL_FIELDS} for g in case.goals.all()] or THREE_STEPS
    steps = request.GET.get("steps", "")
    if steps.isdigit() and len(initial) < int(steps) <= MAX_STEPS:
        initial = initial + [{}] * (int(steps) - len(initial))
    return initial


def goal_rows(formset) -> list[dict]:
    return [
        f.cleaned_data
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("description")
    ]


@login_required
def case_plan(request: ScopedRequest, case_pk: int) -> HttpResponse:
    case = get_case(request, case_pk)
    require_change(request.scope, case)
    plan_form = PlanForm(
        request.POST or None,
        teachers=teachers_of_class(request.scope, case.student.school_class_id),
        version=case.plan_version,
        initial={
            "measures": [m.measure_id for m in case.measures.all()],
            "responsible_teachers": list(case.responsible_teachers.all()),
        },
    )
    formset = GoalFormSet(
        request.POST or None,
        initial=goal_initial(request, case),
        prefix="goals",
        form_kwargs={"case": case},
    )
    if request.method == "POST" and plan_form.is_valid() and formset.is_valid():
        done = submit(
            plan_form,
            case_services.save_plan,
            case=case,
            by=request.user,
            goals=goal_rows(formset),
            measures=plan_form.cleaned_data["measures"],
            responsible_teachers=plan_form.cleaned_data["responsible_teachers"],
            version=plan_form.cleaned_data["version"],
        )
        if done is not None:
            messages.success(request, _("Support plan saved."))
            return redirect("archives:case_detail", case_pk=case.pk)
    return render(
        request,
        "archives/case_plan.html",
        {
            "case": case,
            "plan_form": plan_form,
            "formset": formset,
            **strategy_choices(plan_form, case),
        },
    )


def strategy_choices(plan_form: PlanForm, case: SupportCase) -> dict:
    """The measures' checkboxes from the library: those recommended for the case first,
    ranked by the school's own evidence, each with its share; then the rest."""
    strategies = list(SupportMeasure.objects.approved().prefetch_related("subjects"))
    picks = recommend(case, strategies, local_evidence())
    by_id = {r.strategy.pk: r for r in picks}
    boxes = {int(str(w.data["value"])): w for w in plan_form["measures"]}
    recommended = [(boxes[r.strategy.pk], r) for r in picks if r.strategy.pk in boxes]
    others = [(w, None) for pk, w in boxes.items() if pk not in by_id]
    return {"recommended": recommended, "other_strategies": others, "top_picks": picks[:3]}
