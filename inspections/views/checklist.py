"""The school's checklist and scoring scale, kept by school leaders and directors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import history as change_history
from core.forms import submit
from core.pagination import paginate
from school.scoping import ScopedRequest, get_object_in_scope

from .. import rules, scoring, services
from ..forms import ChecklistItemForm, SettingsForm, ThresholdsForm
from ..models import ChecklistItem, InspectionSettings, ScoreThreshold


def _require_runner(scope) -> None:
    if not rules.can_run_rounds(scope):
        raise PermissionDenied


@login_required
def settings_view(request: ScopedRequest) -> HttpResponse:
    """The school-wide scoring scale: directors read it, school leaders change it."""
    scope = request.scope
    _require_runner(scope)
    can_change = rules.can_change_school_rules(scope)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    form = SettingsForm(request.POST or None, instance=InspectionSettings.load())
    if not can_change:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        services.save_settings(settings=form.instance)
        messages.success(request, _("Settings saved."))
        return redirect("inspections:checklist")
    changes = change_history.changes(
        InspectionSettings.history.select_related("history_user"),  # one row, rarely changed
        InspectionSettings,
        subject=lambda r: _("Scoring scale"),
    )[:50]
    return render(
        request,
        "inspections/settings.html",
        {
            "form": form,
            "title": _("Inspection scoring scale"),
            "back": reverse("inspections:checklist"),
            "changes": changes,
            "created_label": _("Created"),
        },
    )


def _checklist_changes(scope, limit: int = 20) -> list[change_history.Change]:
    """The newest changes to the items the user keeps or reads, field: before → after.

    The items changed most recently, with every version of them (so the oldest change
    shown still has the version before it): two queries."""
    visible = ChecklistItem.history.filter(
        Q(subject__isnull=True) | Q(subject_id__in=scope.directed_subject_ids)
        if not scope.is_school_leader
        else Q()
    )
    recent = set(visible.order_by("-history_date").values_list("id", flat=True)[:limit])
    records = visible.filter(id__in=recent).select_related("history_user")
    return change_history.changes(records, ChecklistItem, subject=lambda r: r.name)[:limit]


@login_required
def checklist(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    _require_runner(scope)
    items = ChecklistItem.objects.select_related("subject").order_by(
        "subject__order", "subject_id", "order", "pk"
    )
    if not scope.is_school_leader:
        items = items.filter(Q(subject__isnull=True) | Q(subject_id__in=scope.directed_subject_ids))
    page = paginate(request, items)
    editable = set(ChecklistItem.objects.editable_by(scope).values_list("pk", flat=True))
    for item in page:
        item.editable = item.pk in editable
    changes = _checklist_changes(scope)
    return render(
        request,
        "inspections/checklist.html",
        {
            "page": page,
            "settings": InspectionSettings.load(),
            "changes": changes,
            "created_label": _("Created"),
            "can_change_rules": rules.can_change_school_rules(scope),
        },
    )


@login_required
def checklist_item_form(
    request: ScopedRequest, checklist_item_pk: int | None = None
) -> HttpResponse:
    scope = request.scope
    item = None
    if checklist_item_pk is not None:
        runner = rules.can_run_rounds(scope)
        items = ChecklistItem.objects.editable_by(scope) if runner else ChecklistItem.objects.none()
        item = get_object_in_scope(items, pk=checklist_item_pk)
    else:
        _require_runner(scope)
    form = ChecklistItemForm(request.POST or None, instance=item, scope=scope)
    if request.method == "POST" and form.is_valid():
        services.save_checklist_item(item=form.instance)
        messages.success(request, _("Checklist item saved."))
        return redirect("inspections:checklist")
    title = _("Edit checklist item") if item else _("New checklist item")
    return render(
        request,
        "core/form.html",
        {"form": form, "title": title, "back": reverse("inspections:checklist")},
    )


@login_required
def thresholds_view(request: ScopedRequest) -> HttpResponse:
    """The suggested-score thresholds: directors read them, school leaders change them."""
    scope = request.scope
    _require_runner(scope)
    can_change = rules.can_change_school_rules(scope)
    table = scoring.thresholds()
    form = ThresholdsForm(request.POST or None, table=table)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            changed = submit(
                form, services.save_thresholds, values=form.values(), user=request.user
            )
            if changed is not None:
                messages.success(request, _("Thresholds saved."))
                return redirect("inspections:thresholds")
    history = ScoreThreshold.history.select_related("history_user").order_by("-history_date")[:30]
    return render(
        request,
        "inspections/thresholds.html",
        {"form": form, "can_change": can_change, "history": history, "table": table},
    )
