"""Anonymised case studies (案例): written from a closed or improved case, reviewed and
published by the subject's director, searchable, linked from the strategies they used."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from archives.models import SupportCase
from archives.rules import can_change_case
from archives.selectors import get_case
from core.forms import submit
from core.idempotency import create_once
from core.pagination import paginate
from school.scoping import ScopedRequest, get_object_in_scope

from . import study_services
from .case_study_draft import draft
from .forms import StudyFilterForm, StudyForm
from .models import CaseStudy


@login_required
def study_list(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    form = StudyFilterForm(request.GET or None)
    qs = CaseStudy.objects.visible_to(scope).published().prefetch_related("strategies")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            qs = qs.filter(title__icontains=data["q"]) | qs.filter(steps__icontains=data["q"])
        if data["type"]:
            qs = qs.filter(difficulty_type=data["type"])
        if data["subject"]:
            qs = qs.filter(subject=data["subject"])
        if data["strategy"]:
            qs = qs.filter(strategies=data["strategy"])
        qs = qs.distinct()
    rows = list(qs)
    if form.is_valid() and form.cleaned_data["cause"]:
        rows = [s for s in rows if form.cleaned_data["cause"] in s.causes]
    page = paginate(request, rows)
    mine = list(
        CaseStudy.objects.visible_to(scope)
        .exclude(status=CaseStudy.Status.PUBLISHED)
        .order_by("-created_at")[:20]
    )
    return render(
        request, "collab/study_list.html", {"page": page, "form": form, "unpublished": mine}
    )


@login_required
def study_new(request: ScopedRequest) -> HttpResponse:
    """The user's improved and closed cases to write a study from."""
    scope = request.scope
    cases = (
        SupportCase.objects.visible_to(scope)
        .filter(status__in=study_services.ENDED)
        .select_related("student__school_class")
        .order_by("-status_changed_on")
    )
    page = paginate(request, [c for c in cases[:200] if can_change_case(scope, c)])
    return render(request, "collab/study_new.html", {"page": page})


@login_required
@create_once
def study_create(request: ScopedRequest, case_pk: int) -> HttpResponse:
    case = get_case(request, case_pk)
    if not study_services.can_write_from(request.scope, case):
        raise PermissionDenied
    form = StudyForm(request.POST or None, initial=draft(case))
    if request.method == "POST" and form.is_valid():
        study = submit(
            form, study_services.write_study, scope=request.scope, case=case, **form.cleaned_data
        )
        if study is not None:
            messages.success(
                request, _("Case study saved. Names, numbers and dates were taken out.")
            )
            return redirect("collab:study", study_pk=study.pk)
    return render(
        request,
        "collab/study_form.html",
        {"form": form, "title": _("Write a case study"), "case": case},
    )


def _get_study(request: ScopedRequest, study_pk: int) -> CaseStudy:
    return get_object_in_scope(CaseStudy.objects.visible_to(request.scope), pk=study_pk)


@login_required
def study_detail(request: ScopedRequest, study_pk: int) -> HttpResponse:
    scope = request.scope
    study = _get_study(request, study_pk)
    source = study.source_case
    # The original case only for whoever could already see it.
    show_source = source is not None and scope.can_see_record(
        source.student.school_class_id, source.subject_id
    )
    return render(
        request,
        "collab/study_detail.html",
        {
            "study": study,
            "source": source if show_source else None,
            "can_edit": study_services.can_edit(scope, study),
            "can_publish": study_services.can_publish(scope, study),
            "sessions": list(study.sessions.order_by("-date")),
        },
    )


@login_required
def study_edit(request: ScopedRequest, study_pk: int) -> HttpResponse:
    study = _get_study(request, study_pk)
    if not study_services.can_edit(request.scope, study):
        raise PermissionDenied
    initial = {f: getattr(study, f) for f in CaseStudy.TEXT_FIELDS}
    initial["strategies"] = list(study.strategies.all())
    form = StudyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = submit(
            form, study_services.edit_study, scope=request.scope, study=study, **form.cleaned_data
        )
        if saved is not None:
            messages.success(
                request, _("Case study saved. Names, numbers and dates were taken out.")
            )
            return redirect("collab:study", study_pk=study.pk)
    return render(
        request, "collab/study_form.html", {"form": form, "title": _("Edit the case study")}
    )


@login_required
@require_POST
def study_review(request: ScopedRequest, study_pk: int) -> HttpResponse:
    study = _get_study(request, study_pk)
    publish = request.POST.get("decision") == "publish"
    study_services.publish_study(scope=request.scope, study=study, publish=publish)
    messages.success(
        request, _("Published to the school.") if publish else _("Sent back to its author.")
    )
    return redirect("collab:study", study_pk=study.pk)
