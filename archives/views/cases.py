"""Support cases: the list, identification, the case page, cause analysis and status."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import history as change_history
from core.forms import submit
from core.idempotency import create_once
from core.page_cache import kept_page
from core.pagination import first_rows_by, paginate
from core.rows import pk_url
from core.text import join_list, shown_text
from school.models import Grade, Subject, today
from school.scoping import Scope, ScopedRequest, get_object_in_scope
from students.models import Student

from .. import case_services
from ..case_forms import (
    CaseFilterForm,
    CauseAnalysisForm,
    IdentificationDateForm,
    IdentifyForm,
    StatusForm,
)
from ..case_history import CASE_FIELDS, GOAL_FIELDS, with_changes
from ..identify_prefill import evidence_initial, initial_date, initial_subject
from ..models import CaseEvidence, CaseMeasure, CaseStatusChange, SupportCase, SupportGoal
from ..monitoring_data import monitoring_for
from ..restricted import log_reads, root_cause_context
from ..rules import can_change_case, can_correct_identification, require_change
from ..selectors import get_case, teachers_of_class
from ..templatetags.archives_tags import case_badges

ALL_STATUSES = "all"


def filtered_cases(scope: Scope, form: CaseFilterForm) -> QuerySet[SupportCase]:
    cases = SupportCase.objects.visible_to(scope).filter(term=scope.term).with_last_entry()
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status", "")
    if status and status != ALL_STATUSES:
        cases = cases.filter(status=status)
    elif not status:
        cases = cases.open()
    if data.get("q"):
        cases = cases.filter(
            Q(student__name__icontains=data["q"]) | Q(student__student_number__icontains=data["q"])
        )
    if data.get("school_class"):
        cases = cases.filter(student__school_class=data["school_class"])
    if data.get("subject"):
        cases = cases.filter(subject=data["subject"])
    if data.get("cause") == SupportCase.Cause.WEAK_FOUNDATION:
        cases = cases.filter(cause_weak_foundation=True)
    elif data.get("cause") == SupportCase.Cause.ATTITUDE:
        cases = cases.filter(cause_attitude=True)
    if data.get("type"):
        cases = cases.filter(difficulty_type=data["type"])
    if data.get("stale") == "stale":
        cases = cases.stale()
    elif data.get("stale") == "fresh":
        cases = cases.fresh()
    # Every case is of the scope's term: set from it (case_list), not joined on each row.
    # (The responsible teachers are read as names for the page's rows: responsible_names.)
    return (
        cases.select_related(None)
        .select_related("student__school_class__grade", "subject")
        .order_by(*ROSTER_ORDER)
    )


# A case list's order (SupportCase's own, with its pk last). Over every class of a big
# school the first page is read grade by grade (core.pagination.first_rows_by): the whole
# list's sort cost 18 ms at 16,000 pupils before its first row; a grade's, under 1 ms.
ROSTER_ORDER = (
    "student__school_class__grade__level",
    "student__student_number",
    "subject__order",
    "pk",
)


def responsible_names(cases: list[SupportCase]) -> dict[int, str]:
    """Case pk → its responsible teachers' names, joined as a list: one query of names, not
    a prefetch building a user (password hash and all) per teacher of each row."""
    names: dict[int, list[str]] = {case.pk: [] for case in cases}
    rows = (
        SupportCase.responsible_teachers.through.objects.filter(supportcase__in=cases)
        .order_by("user__full_name", "user__username")
        .values_list("supportcase_id", "user__full_name", "user__username")
    )
    for case_id, full_name, username in rows:
        names[case_id].append(full_name or username)  # (as str(user))
    return {pk: join_list(shown) for pk, shown in names.items()}


def _row_details(
    school_class: str, subject: str, weak_foundation: bool, attitude: bool, kind: str
) -> str:
    """A list row's second line: class · subject · causes · type."""
    causes = []
    if weak_foundation:
        causes.append(str(SupportCase.Cause.WEAK_FOUNDATION.label))
    if attitude:
        causes.append(str(SupportCase.Cause.ATTITUDE.label))
    parts = [school_class, subject, join_list(causes)]
    if kind:
        parts.append(str(dict(SupportCase.Type.choices).get(kind, kind)))
    return " · ".join(parts)


@login_required
@kept_page
def case_list(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    form = CaseFilterForm(request.GET or None, classes=scope.classes(), subjects=scope.subjects())
    cases = filtered_cases(scope, form)
    first, total = None, None
    if scope.class_ids is None and not (form.is_valid() and form.cleaned_data["school_class"]):
        # Over every class: a long list's first page is read grade by grade, a short one
        # sorted whole (one query, cheap for a few rows).
        total = cases.count()
        if total > 2 * settings.PAGE_SIZE:
            first = first_rows_by(
                cases, "student__school_class__grade_id", Grade.ids_in_order(), ROSTER_ORDER[1:]
            )
    page = paginate(request, cases, first=first, count=total)
    page.object_list = list(page.object_list)
    for case in page.object_list:
        case.term = scope.term  # (the filter's term: filtered_cases joins none)
    monitoring = monitoring_for(page.object_list)
    teachers = responsible_names(page.object_list)
    # What each row shows, computed once per page (core/rows.py), the badges included: the
    # template prints strings, no tag or filter per row.
    detail = pk_url("archives:case_detail")
    day = cache(lambda d: date_format(d, "Y-m-d") if d else "")
    classes = cache(lambda class_pk, school_class: str(school_class))  # (by pk)
    details = cache(_row_details)
    for case in page:
        case.stale = case.is_stale()
        case.monitoring = monitoring[case.pk]
        case.detail_url = detail(case.pk)
        case.shown_name = shown_text(case.student.name)
        case.shown_badges = case_badges(case)
        student = case.student
        case.shown_details = details(
            classes(student.school_class_id, student.school_class),
            str(case.subject),
            case.cause_weak_foundation,
            case.cause_attitude,
            case.difficulty_type,
        )
        case.shown_last_entry = day(case.last_entry_on)
        case.shown_teachers = teachers[case.pk]
    return render(
        request,
        "archives/case_list.html",
        {"page": page, "form": form, "stale_days": settings.ARCHIVE_STALE_DAYS},
    )


def _identify_form(request: ScopedRequest, student) -> IdentifyForm:
    scope = request.scope
    allowed = scope.subject_ids_for_class(student.school_class_id)
    subjects = Subject.objects.all() if allowed is None else Subject.objects.filter(pk__in=allowed)
    if scope.term is None or not subjects.exists():
        raise Http404
    # One choice, the ?subject=<pk> of the early warning or a class page, or the one taught.
    subject = initial_subject(scope, student, subjects, request.GET.get("subject", ""))
    initial: dict = {"identified_on": initial_date(scope.term), "subject": subject}
    if subject is not None and request.method != "POST":
        initial |= evidence_initial(scope=scope, student=student, subject=subject, term=scope.term)
    return IdentifyForm(
        request.POST or None,
        subjects=subjects,
        teachers=teachers_of_class(scope, student.school_class_id),
        initial=initial,
    )


@login_required
@create_once
def case_identify(request: ScopedRequest, student_pk: int) -> HttpResponse:
    student = get_object_in_scope(Student.objects.visible_to(request.scope), pk=student_pk)
    form = _identify_form(request, student)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = submit(
            form,
            case_services.identify_case,
            student=student,
            subject=data["subject"],
            term=request.scope.term,
            by=request.user,
            causes=data["causes"],
            difficulty_type=data["difficulty_type"],
            root_cause=data["root_cause"],
            how_it_shows=data["how_it_shows"],
            evidence=form.evidence(),
            responsible_teachers=data["responsible_teachers"],
            identified_on=data["identified_on"],
        )
        if case is not None:
            messages.success(request, _("Identified. Now set the support plan."))
            return redirect("archives:case_plan", case_pk=case.pk)
    return render(
        request,
        "archives/case_form.html",
        {"form": form, "student": student, "title": _("Identify a struggling student")},
    )


def _case_for_page(case: SupportCase) -> SupportCase:
    return (
        SupportCase.objects.filter(pk=case.pk)
        .with_last_entry()
        .select_related("student__school_class__grade", "subject", "term", "identified_by")
        .prefetch_related(
            "responsible_teachers",
            "evidence",
            "goals",
            Prefetch("measures", CaseMeasure.objects.select_related("measure")),
            Prefetch("status_changes", CaseStatusChange.objects.select_related("changed_by")),
        )
        .get()
    )


@login_required
def case_detail(request: ScopedRequest, case_pk: int) -> HttpResponse:
    case = _case_for_page(get_case(request, case_pk))
    case.stale = case.is_stale()  # type: ignore[attr-defined]  # for the template
    restricted = root_cause_context(request.scope, case)
    # The change history would otherwise show the restricted root cause, old and new.
    fields = CASE_FIELDS
    if not restricted["can_read_root_cause"]:
        fields = [f for f in CASE_FIELDS if f != "root_cause"]
    history = with_changes(
        case.history.select_related("history_user").order_by("-history_date")[:30],
        SupportCase,
        fields,
        key="id",
    )
    goal_history = with_changes(
        SupportGoal.history.filter(case_id=case.pk)
        .select_related("history_user")
        .order_by("-history_date")[:60],
        SupportGoal,
        GOAL_FIELDS,
        key="id",
    )
    response = render(
        request,
        "archives/case_detail.html",
        {
            "case": case,
            **restricted,
            "can_change": can_change_case(request.scope, case),
            "can_correct_identification": can_correct_identification(request.scope, case),
            "history": history,
            "goal_history": goal_history,
        },
    )
    log_reads(request, case, [], root_cause=restricted["can_read_root_cause"])
    return response


@login_required
def case_changes(request: ScopedRequest, case_pk: int) -> HttpResponse:
    """修改记录 of a case: the case, its staged goals, measures and evidence, field by field."""
    case = get_case(request, case_pk)
    restricted = root_cause_context(request.scope, case)
    case_fields = [
        f.name
        for f in change_history.tracked_fields(SupportCase)
        if restricted["can_read_root_cause"] or f.name != "root_cause"
    ]
    step = _("Step %(n)s")
    changes = change_history.merged(
        change_history.changes(
            case.history.select_related("history_user").order_by("-history_date")[:300],
            SupportCase,
            only=case_fields,
        ),
        change_history.changes(
            SupportGoal.history.filter(case_id=case.pk).select_related("history_user")[:300],
            SupportGoal,
            only=GOAL_FIELDS,
            subject=lambda r: step % {"n": r.step},
        ),
        change_history.changes(
            CaseMeasure.history.filter(case_id=case.pk).select_related("history_user")[:300],
            CaseMeasure,
            only=["measure", "since", "note"],
        ),
        change_history.changes(
            CaseEvidence.history.filter(case_id=case.pk).select_related("history_user")[:300],
            CaseEvidence,
        ),
    )
    log_reads(request, case, [], root_cause=restricted["can_read_root_cause"])
    return render(
        request,
        "core/changes.html",
        {
            "title": _("Change history of %(case)s") % {"case": case},
            "back": reverse("archives:case_detail", args=[case.pk]),
            "back_label": str(case),
            "changes": changes,
            "created_label": _("Created"),
        },
    )


@login_required
def case_edit(request: ScopedRequest, case_pk: int) -> HttpResponse:
    case = get_case(request, case_pk)
    require_change(request.scope, case)
    form = CauseAnalysisForm(request.POST or None, initial=CauseAnalysisForm.initial_for(case))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            form,
            case_services.update_cause_analysis,
            case=case,
            by=request.user,
            causes=data["causes"],
            difficulty_type=data["difficulty_type"],
            root_cause=data["root_cause"],
            how_it_shows=data["how_it_shows"],
            evidence=form.evidence(),
        )
        if done is not None:
            messages.success(request, _("Cause analysis saved."))
            return redirect("archives:case_detail", case_pk=case.pk)
    return render(
        request,
        "archives/case_form.html",
        {"form": form, "student": case.student, "case": case, "title": _("Cause analysis")},
    )


@login_required
def case_status(request: ScopedRequest, case_pk: int) -> HttpResponse:
    case = get_case(request, case_pk)
    require_change(request.scope, case)
    form = StatusForm(request.POST or None, initial={"changed_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            form,
            case_services.change_status,
            case=case,
            by=request.user,
            status=data["status"],
            on=data["changed_on"],
            reason=data["reason"],
            closure_reason=data["closure_reason"],
        )
        if done is not None:
            messages.success(request, _("Status changed."))
            return redirect("archives:case_detail", case_pk=case.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Change the status of %(case)s") % {"case": case},
            "back": reverse("archives:case_detail", kwargs={"case_pk": case.pk}),
        },
    )


@login_required
def case_identification_date(request: ScopedRequest, case_pk: int) -> HttpResponse:
    """Correct the identification date; the case and status histories record it."""
    case = get_case(request, case_pk)
    if not can_correct_identification(request.scope, case):
        raise Http404
    form = IdentificationDateForm(
        request.POST or None, initial={"identified_on": case.identified_on}
    )
    if request.method == "POST" and form.is_valid():
        done = submit(
            form,
            case_services.correct_identification_date,
            case=case,
            by=request.user,
            identified_on=form.cleaned_data["identified_on"],
            reason=form.cleaned_data["reason"],
        )
        if done is not None:
            messages.success(request, _("Identification date corrected."))
            return redirect("archives:case_detail", case_pk=case.pk)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Correct the identification date of %(case)s") % {"case": case},
            "back": reverse("archives:case_detail", kwargs={"case_pk": case.pk}),
        },
    )
