"""Entries of the progress archive: observations, tutoring, discussions, summaries."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import submit
from core.http import redirect_next
from core.idempotency import create_once
from core.pagination import paginate
from school.models import today
from school.scoping import ScopedRequest, get_object_in_scope
from students.access_log import What, record_access

from .. import services
from ..forms import (
    ActionForm,
    DiscussionForm,
    ObservationForm,
    ReviewForm,
    SummaryForm,
    TutoringForm,
)
from ..models import AgreedAction, Observation, SupportCase
from ..restricted import note_context
from ..rules import require_change
from ..selectors import get_case, teachers_of_class


def _entry_form(
    request: ScopedRequest,
    case_pk: int,
    form_class: type[forms.BaseForm],
    title: str,
    save: Callable[..., object],
) -> HttpResponse:
    """An entry of the archive: ``save(case=, data=)`` calls the service and returns its entry."""
    case = get_case(request, case_pk)
    require_change(request.scope, case)
    form = form_class(request.POST or None, initial={"date": today()})
    if request.method == "POST" and form.is_valid():
        if submit(form, save, case=case, data=form.cleaned_data) is not None:
            messages.success(request, _("Saved to the archive."))
            return redirect_next(request, "archives:archive", case.pk)
    return render(
        request,
        "archives/entry_form.html",
        {"form": form, "title": title, "case": case},
    )


@login_required
@create_once
def observation_add(request: ScopedRequest, case_pk: int) -> HttpResponse:
    def save(*, case: SupportCase, data: dict) -> object:
        return services.log_observation(case=case, by=request.user, **data)

    return _entry_form(request, case_pk, ObservationForm, _("Log an observation"), save)


@login_required
@create_once
def tutoring_add(request: ScopedRequest, case_pk: int) -> HttpResponse:
    def save(*, case: SupportCase, data: dict) -> object:
        return services.add_tutoring(case=case, by=request.user, **data)

    return _entry_form(request, case_pk, TutoringForm, _("One-to-one tutoring"), save)


@login_required
@create_once
def summary_add(request: ScopedRequest, case_pk: int) -> HttpResponse:
    def save(*, case: SupportCase, data: dict) -> object:
        return services.add_summary(case=case, by=request.user, **data)

    return _entry_form(request, case_pk, SummaryForm, _("Periodic summary"), save)


def _discussion_forms(request: ScopedRequest, case: SupportCase) -> tuple:
    """The discussion, three new agreed actions, and a review form per open action."""
    teachers = teachers_of_class(request.scope, case.student.school_class_id)
    post = request.POST or None
    form = DiscussionForm(post, teachers=teachers, initial={"date": today()})
    action_forms = [ActionForm(post, teachers=teachers, prefix=f"action-{i}") for i in range(3)]
    open_actions = (
        AgreedAction.objects.filter(discussion__case=case, review="")
        .select_related("owner", "discussion")
        .order_by("due_on")
    )
    review_forms = [(a, ReviewForm(post, prefix=f"review-{a.pk}")) for a in open_actions]
    return form, action_forms, review_forms


@login_required
@create_once
def discussion_add(request: ScopedRequest, case_pk: int) -> HttpResponse:
    case = get_case(request, case_pk)
    require_change(request.scope, case)
    form, action_forms, review_forms = _discussion_forms(request, case)
    if request.method == "POST" and all(
        f.is_valid() for f in [form, *action_forms, *(r for _a, r in review_forms)]
    ):
        actions = [
            {key: f.cleaned_data[key] for key in ("description", "owner", "due_on")}
            for f in action_forms
            if f.cleaned_data.get("description")
        ]
        reviews = {
            a.pk: (r.cleaned_data["review"], r.cleaned_data["review_note"]) for a, r in review_forms
        }
        saved = submit(
            form,
            services.add_discussion,
            case=case,
            by=request.user,
            date=form.cleaned_data["date"],
            participants=form.cleaned_data["participants"],
            ideas=form.cleaned_data["ideas"],
            actions=actions,
            reviews=reviews,
        )
        if saved is not None:
            messages.success(request, _("Discussion saved to the archive."))
            return redirect("archives:archive", case_pk=case.pk)
    context = {
        "case": case,
        "form": form,
        "action_forms": action_forms,
        "review_forms": review_forms,
    }
    return render(request, "archives/discussion_form.html", context)


def _observation(request: ScopedRequest, observation_pk: int) -> Observation:
    return get_object_in_scope(Observation.objects.visible_to(request.scope), pk=observation_pk)


@login_required
def observation_edit(request: ScopedRequest, observation_pk: int) -> HttpResponse:
    obs = _observation(request, observation_pk)
    if obs.is_deleted:
        raise Http404
    if not services.can_delete(obs, request.user):
        raise PermissionDenied
    form = ObservationForm(request.POST or None, instance=obs)
    if request.method == "POST" and form.is_valid():
        changed = submit(
            form,
            services.change_observation,
            observation=Observation.objects.get(pk=obs.pk),
            by=request.user,
            **form.cleaned_data,
        )
        if changed is not None:
            messages.success(request, _("Observation corrected."))
            return redirect("archives:archive", case_pk=obs.case_id)
    return render(
        request,
        "archives/entry_form.html",
        {"form": form, "title": _("Correct an observation"), "case": obs.case},
    )


@login_required
@require_POST
def observation_delete(request: ScopedRequest, observation_pk: int) -> HttpResponse:
    obs = _observation(request, observation_pk)
    try:
        services.delete_observation(observation=obs, by=request.user)
    except PermissionDenied:
        messages.error(request, _("Only its author or an administrator can delete an entry."))
    else:
        messages.success(request, _("Observation deleted. You can undo this below."))
    return redirect("archives:archive", case_pk=obs.case_id)


@login_required
@require_POST
def observation_restore(request: ScopedRequest, observation_pk: int) -> HttpResponse:
    obs = _observation(request, observation_pk)
    try:
        services.restore_observation(observation=obs, by=request.user)
    except PermissionDenied:
        messages.error(request, _("Only its author or an administrator can undo a deletion."))
    else:
        messages.success(request, _("Observation restored."))
    return redirect("archives:archive", case_pk=obs.case_id)


@login_required
def observation_history(request: ScopedRequest, case_pk: int) -> HttpResponse:
    """Every version of every observation of the archive: who, when, before and after."""
    case = get_case(request, case_pk)
    records = (
        Observation.history.filter(case_id=case.pk)
        .select_related("history_user")
        .order_by("-history_date")
    )
    page = paginate(request, records)
    notes = note_context(request.scope, case)
    if notes["notes_visible"] and notes["notes_restricted"] and any(h.note for h in page):
        record_access(request, students=case.student_id, what=What.PSYCHOLOGICAL)
    return render(request, "archives/history.html", {"case": case, "page": page, **notes})
