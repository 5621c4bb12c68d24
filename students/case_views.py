"""Support cases: identification, cause analysis, status, plan, lists, roster."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from archives import selectors, xlsx
from school.models import Grade, Subject, User, today
from school.scoping import Scope, get_object_in_scope
from school.views import paginate

from . import services
from .forms import (
    CaseFilterForm,
    CauseAnalysisForm,
    GoalFormSet,
    IdentifyForm,
    MeasureForm,
    PlanForm,
    RosterFilterForm,
    StatusForm,
)
from .models import CaseMeasure, CaseStatusChange, SupportCase, SupportGoal, SupportMeasure


def cases_in_scope(scope: Scope) -> QuerySet[SupportCase]:
    """Cases the user may see: their per-subject records, any term."""
    return scope.records(
        SupportCase.objects.select_related("student__school_class__grade", "subject", "term")
    )


def get_case(request: HttpRequest, case_pk: int) -> SupportCase:
    return get_object_in_scope(cases_in_scope(request.scope), pk=case_pk)


def require_change(scope: Scope, case: SupportCase) -> None:
    if not scope.can_change_record(case.student.school_class_id, case.subject_id):
        raise Http404


def teachers_of_class(scope: Scope, class_id: int) -> QuerySet[User]:
    """The class's teachers and head teacher this term: who can be responsible."""
    return User.objects.filter(
        Q(teaching__term=scope.term, teaching__school_class_id=class_id)
        | Q(headships__term=scope.term, headships__school_class_id=class_id)
    ).distinct()


def filtered_cases(scope: Scope, form: CaseFilterForm) -> QuerySet[SupportCase]:
    cases = selectors.with_last_entry(cases_in_scope(scope).filter(term=scope.term))
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status", "")
    if status == "all":
        pass
    elif status:
        cases = cases.filter(status=status)
    else:
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
    cutoff = selectors.stale_cutoff()
    if data.get("stale") == "stale":
        cases = cases.open().filter(last_entry_on__lt=cutoff)
    elif data.get("stale") == "fresh":
        cases = cases.exclude(last_entry_on__lt=cutoff, status__in=SupportCase.OPEN_STATUSES)
    return cases.prefetch_related("responsible_teachers")


def mark_stale(cases) -> None:
    cutoff = selectors.stale_cutoff()
    for case in cases:
        case.stale = case.is_open and case.last_entry_on < cutoff


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    scope = request.scope
    form = CaseFilterForm(request.GET or None, classes=scope.classes(), subjects=scope.subjects())
    page = paginate(request, filtered_cases(scope, form))
    mark_stale(page)
    return render(
        request,
        "students/case_list.html",
        {"page": page, "form": form, "stale_days": settings.ARCHIVE_STALE_DAYS},
    )


@login_required
def case_identify(request: HttpRequest, student_pk: int) -> HttpResponse:
    scope = request.scope
    student = get_object_in_scope(scope.students(), pk=student_pk)
    if scope.term is None:
        raise Http404
    allowed = scope.subject_ids_for_class(student.school_class_id)
    subjects = Subject.objects.all() if allowed is None else Subject.objects.filter(pk__in=allowed)
    if not subjects.exists():
        raise Http404
    teachers = teachers_of_class(scope, student.school_class_id)
    form = IdentifyForm(
        request.POST or None,
        subjects=subjects,
        teachers=teachers,
        initial={
            "identified_on": today(),
            # The early warning links here with ?subject=<pk>: preselect it when allowed.
            "subject": subjects.filter(pk=request.GET.get("subject", "")).first()
            if request.GET.get("subject", "").isdigit()
            else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.identify_case(
                student=student,
                subject=data["subject"],
                term=scope.term,
                by=request.user,
                causes=data["causes"],
                difficulty_type=data["difficulty_type"],
                root_cause=data["root_cause"],
                how_it_shows=data["how_it_shows"],
                evidence=form.evidence(),
                responsible_teachers=data["responsible_teachers"],
                identified_on=data["identified_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Identified. Now set the support plan."))
            return redirect("students:case_plan", case_pk=case.pk)
    return render(
        request,
        "students/case_form.html",
        {"form": form, "student": student, "title": _("Identify a struggling student")},
    )


CASE_FIELDS = [
    "status",
    "closure_reason",
    "cause_weak_foundation",
    "cause_attitude",
    "difficulty_type",
    "how_it_shows",
    "root_cause",
]
GOAL_FIELDS = ["description", "target", "due_on", "outcome", "outcome_note"]


def with_changes(records, model, fields: list[str], key: str) -> list:
    """Historical records, newest first, each with ``changes``: (field, before, after).

    Pairs each version with the previous one of the same object from the rows already
    fetched, so the page runs no query per record.
    """
    records = list(records)
    older: dict = {}
    for record in reversed(records):
        before = older.get(getattr(record, key))
        record.changes = []
        if before is not None:
            for name in fields:
                old, new = getattr(before, name), getattr(record, name)
                if old != new:
                    field = model._meta.get_field(name)
                    record.changes.append(
                        (field.verbose_name, _display(field, old), _display(field, new))
                    )
        older[getattr(record, key)] = record
    return records


def _display(field, value) -> str:
    if field.choices:
        return str(dict(field.flatchoices).get(value, value)) or "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value) if value not in (None, "") else "—"


@login_required
def case_detail(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_case(request, case_pk)
    case = (
        selectors.with_last_entry(SupportCase.objects.filter(pk=case.pk))
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
    mark_stale([case])
    history = with_changes(
        case.history.select_related("history_user").order_by("-history_date")[:30],
        SupportCase,
        CASE_FIELDS,
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
    return render(
        request,
        "students/case_detail.html",
        {
            "case": case,
            "can_change": request.scope.can_change_record(
                case.student.school_class_id, case.subject_id
            ),
            "history": history,
            "goal_history": goal_history,
        },
    )


@login_required
def case_edit(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_case(request, case_pk)
    require_change(request.scope, case)
    form = CauseAnalysisForm(request.POST or None, initial=CauseAnalysisForm.initial_for(case))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_cause_analysis(
                case=case,
                by=request.user,
                causes=data["causes"],
                difficulty_type=data["difficulty_type"],
                root_cause=data["root_cause"],
                how_it_shows=data["how_it_shows"],
                evidence=form.evidence(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Cause analysis saved."))
            return redirect("students:case_detail", case_pk=case.pk)
    return render(
        request,
        "students/case_form.html",
        {"form": form, "student": case.student, "case": case, "title": _("Cause analysis")},
    )


@login_required
def case_status(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_case(request, case_pk)
    require_change(request.scope, case)
    form = StatusForm(request.POST or None, initial={"changed_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_status(
                case=case,
                by=request.user,
                status=data["status"],
                on=data["changed_on"],
                reason=data["reason"],
                closure_reason=data["closure_reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Status changed."))
            return redirect("students:case_detail", case_pk=case.pk)
    return render(
        request,
        "school/form.html",
        {
            "form": form,
            "title": _("Change the status of %(case)s") % {"case": case},
            "back": reverse("students:case_detail", kwargs={"case_pk": case.pk}),
        },
    )


# The pattern of seed 000's case: lower the goal, raise it with praise, master methods.
THREE_STEPS = [
    {
        "description": _("Lower the goal so the student tastes success"),
        "target": _("Masters the easier half of each exercise"),
    },
    {
        "description": _("Raise the goal, with praise"),
        "target": _("Completes the basic questions of tests and workbooks"),
    },
    {
        "description": _("Master methods before the review"),
        "target": _("Has an answering strategy and passes the review"),
    },
]


@login_required
def case_plan(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_case(request, case_pk)
    require_change(request.scope, case)
    teachers = teachers_of_class(request.scope, case.student.school_class_id)
    goals = list(case.goals.all())
    goal_initial = [
        {f: getattr(g, f) for f in ("description", "target", "due_on", "outcome", "outcome_note")}
        for g in goals
    ] or THREE_STEPS
    steps = request.GET.get("steps", "")
    if steps.isdigit() and len(goal_initial) < int(steps) <= 10:
        goal_initial = goal_initial + [{}] * (int(steps) - len(goal_initial))
    plan_form = PlanForm(
        request.POST or None,
        teachers=teachers,
        initial={
            "measures": [m.measure_id for m in case.measures.all()],
            "responsible_teachers": list(case.responsible_teachers.all()),
        },
    )
    formset = GoalFormSet(request.POST or None, initial=goal_initial, prefix="goals")
    if request.method == "POST" and plan_form.is_valid() and formset.is_valid():
        goal_rows = [
            f.cleaned_data
            for f in formset.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and f.cleaned_data.get("description")
        ]
        try:
            services.save_plan(
                case=case,
                by=request.user,
                goals=goal_rows,
                measures=plan_form.cleaned_data["measures"],
                responsible_teachers=plan_form.cleaned_data["responsible_teachers"],
            )
        except ValidationError as error:
            plan_form.add_error(None, error)
        else:
            messages.success(request, _("Support plan saved."))
            return redirect("students:case_detail", case_pk=case.pk)
    return render(
        request,
        "students/case_plan.html",
        {"case": case, "plan_form": plan_form, "formset": formset},
    )


@login_required
def class_overview(request: HttpRequest, class_pk: int) -> HttpResponse:
    scope = request.scope
    school_class = get_object_in_scope(scope.classes(), pk=class_pk)
    cases = cases_in_scope(scope).filter(term=scope.term, student__school_class=school_class)
    counts = cases.aggregate(
        total=Count("pk", filter=Q(status__in=SupportCase.OPEN_STATUSES)),
        weak=Count(
            "pk", filter=Q(cause_weak_foundation=True, status__in=SupportCase.OPEN_STATUSES)
        ),
        attitude=Count("pk", filter=Q(cause_attitude=True, status__in=SupportCase.OPEN_STATUSES)),
        **{
            f"type_{value}": Count(
                "pk", filter=Q(difficulty_type=value, status__in=SupportCase.OPEN_STATUSES)
            )
            for value in SupportCase.Type.values
        },
        **{
            f"status_{value}": Count("pk", filter=Q(status=value))
            for value in SupportCase.Status.values
        },
    )
    stale_count = selectors.stale(cases).count()
    by_subject = (
        cases.open()
        .values("subject__pk", "subject__name")
        .annotate(n=Count("pk"))
        .order_by("subject__order")
    )
    base = reverse("students:case_list") + f"?school_class={school_class.pk}"
    rows = {
        "cause": [
            (
                label,
                counts["weak" if value == "weak_foundation" else "attitude"],
                f"{base}&cause={value}",
            )
            for value, label in SupportCase.Cause.choices
        ],
        "type": [
            (label, counts[f"type_{value}"], f"{base}&type={value}")
            for value, label in SupportCase.Type.choices
        ],
        "status": [
            (label, counts[f"status_{value}"], f"{base}&status={value}")
            for value, label in SupportCase.Status.choices
        ],
    }
    return render(
        request,
        "students/class_overview.html",
        {
            "school_class": school_class,
            "counts": counts,
            "rows": rows,
            "stale_count": stale_count,
            "stale_url": f"{base}&stale=stale",
            "by_subject": by_subject,
            "base": base,
        },
    )


@login_required
def carry_over(request: HttpRequest) -> HttpResponse:
    """Last term's open cases this user may change, to confirm into the current term."""
    scope = request.scope
    term = scope.term
    previous = term.previous() if term else None
    candidates = SupportCase.objects.none()
    if previous is not None:
        # (NOT IN a list holding NULL matches nothing: leave the NULLs out.)
        taken = SupportCase.objects.filter(term=term, carried_from__isnull=False).values(
            "carried_from"
        )
        candidates = (
            cases_in_scope(scope)
            .filter(term=previous)
            .open()
            .exclude(pk__in=taken)
            .filter(student__status__in=("in_school", "transferred_in"))
        )
    if request.method == "POST":
        chosen = candidates.filter(pk__in=[v for v in request.POST.getlist("case") if v.isdigit()])
        created = services.carry_over(cases=list(chosen), to_term=term, by=request.user)
        messages.success(
            request,
            _("%(n)d cases carried over into %(term)s.") % {"n": len(created), "term": term},
        )
        return redirect("students:case_list")
    page = paginate(request, candidates)
    return render(
        request,
        "students/carry_over.html",
        {"page": page, "previous": previous, "term": term},
    )


# ---- support roster ----------------------------------------------------------------


def roster_rows(request: HttpRequest) -> tuple[RosterFilterForm, QuerySet[CaseMeasure]]:
    scope = request.scope
    form = RosterFilterForm(
        request.GET or None, classes=scope.classes(), grades=Grade.objects.all()
    )
    rows = scope.records(
        CaseMeasure.objects.filter(
            case__term=scope.term, case__status__in=SupportCase.OPEN_STATUSES
        ),
        class_field="case__student__school_class",
        subject_field="case__subject",
    )
    if form.is_valid():
        if form.cleaned_data["school_class"]:
            rows = rows.filter(case__student__school_class=form.cleaned_data["school_class"])
        if form.cleaned_data["grade"]:
            rows = rows.filter(case__student__school_class__grade=form.cleaned_data["grade"])
    rows = (
        rows.select_related("measure", "case__student__school_class__grade", "case__subject")
        .prefetch_related("case__responsible_teachers")
        .order_by(
            "case__student__school_class__grade__level",
            "case__student__school_class__number",
            "case__student__student_number",
            "case__subject__order",
            "measure__order",
        )
    )
    return form, rows


@login_required
def support_roster(request: HttpRequest) -> HttpResponse:
    form, rows = roster_rows(request)
    page = paginate(request, rows)
    return render(
        request,
        "students/support_roster.html",
        {"form": form, "page": page, "query": request.GET.urlencode()},
    )


@login_required
def support_roster_xlsx(request: HttpRequest) -> HttpResponse:
    _form, rows = roster_rows(request)
    headers = [
        _("Class"),
        _("Student number"),
        _("Name"),
        _("Subject"),
        _("Measure"),
        _("Responsible teachers"),
        _("Since"),
        _("Note"),
    ]

    def lines():
        for r in rows.iterator(chunk_size=2000):
            yield [
                str(r.case.student.school_class),
                r.case.student.student_number,
                r.case.student.name,
                str(r.case.subject),
                r.measure.name,
                "、".join(str(t) for t in r.case.responsible_teachers.all()),
                r.since,
                r.note,
            ]

    content = xlsx.workbook([(_("Support roster"), headers, lines())])
    return xlsx.response(content, "support-roster.xlsx")


# ---- the school's list of measures -----------------------------------------------------


@login_required
def measure_list(request: HttpRequest) -> HttpResponse:
    request.scope.require_school_leader()
    page = paginate(request, SupportMeasure.objects.all())
    return render(request, "students/measure_list.html", {"page": page})


@login_required
def measure_form(request: HttpRequest, measure_pk: int | None = None) -> HttpResponse:
    scope = request.scope
    measure = None
    if measure_pk is not None:
        measure = get_object_in_scope(
            scope.admin_queryset(SupportMeasure.objects.all()), pk=measure_pk
        )
    else:
        scope.require_school_leader()
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Measure saved."))
        return redirect("students:measure_list")
    return render(
        request,
        "school/form.html",
        {
            "form": form,
            "title": _("Edit measure") if measure else _("New measure"),
            "back": reverse("students:measure_list"),
        },
    )
