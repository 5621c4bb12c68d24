"""Setting homework under the load limit: the list, the form, the page, withdrawal."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.forms import submit
from core.idempotency import create_once
from core.page_cache import kept_page
from core.pagination import paginate
from core.params import query_id
from core.rows import pk_url
from school.models import GRADE_NAMES, Grade, SchoolClass, today
from school.scoping import ScopedRequest

from .. import forms, rules, selectors, services
from ..load import DayLoad, Draft, day_load
from ..models import Assignment, LessonRecord, Level, MarkingRecord, Tier
from .common import assignment_in_scope, setter_pairs, typed_minutes


def _count(model: type[Tier] | type[MarkingRecord]) -> Coalesce:
    """How many rows of ``model`` the assignment has (a subquery per listed row)."""
    rows = (
        model.objects.filter(assignment=OuterRef("pk"))
        .order_by()
        .values("assignment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


@dataclass
class ListedHomework:
    """One row of the homework list, read as values: the list builds no model per row."""

    pk: int
    title: str
    unit: str
    school_class: str
    subject: str
    tier_count: int
    marking_count: int
    detail_url: str
    shown_date: str
    shown_phase: str
    shown_kind: str
    shown_tiers: str
    shown_marked: str


_LISTED = (
    "pk",
    "title",
    "unit",
    "date",
    "phase",
    "kind",
    "school_class__name",
    "school_class__number",
    "school_class__grade__level",
    "subject__name",
    "tier_count",
    "marking_count",
)


def _rows(page_rows: Iterable[tuple]) -> list[ListedHomework]:
    """Each row's link, date, labels and counts, each distinct value computed once."""
    detail = pk_url("homework:detail")
    day = cache(lambda d: date_format(d, "m-d D"))
    phases = dict(Assignment.Phase.choices)
    kinds = dict(Assignment.Kind.choices)
    phase = cache(lambda v: str(phases.get(v, v)))
    kind = cache(lambda v: str(kinds.get(v, v)))
    tiers = cache(lambda n: ngettext("%(counter)s tier", "%(counter)s tiers", n) % {"counter": n})
    marked = cache(
        lambda n: ngettext("%(counter)s marked", "%(counter)s marked", n) % {"counter": n}
    )
    rows = []
    for pk, title, unit, d, ph, kd, name, number, level, subject, n_tiers, n_marked in page_rows:
        rows.append(
            ListedHomework(
                pk=pk,
                title=title,
                unit=unit,
                school_class=name or f"{GRADE_NAMES.get(level, level)}({number})班",
                subject=subject,
                tier_count=n_tiers,
                marking_count=n_marked,
                detail_url=detail(pk),
                shown_date=day(d),
                shown_phase=phase(ph),
                shown_kind=kind(kd),
                shown_tiers=tiers(n_tiers),
                shown_marked=marked(n_marked) if n_marked else "",
            )
        )
    return rows


@login_required
@kept_page
def assignment_list(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    qs = (
        selectors.assignments(scope)
        .select_related(None)
        .order_by(
            "-date", "school_class__grade__level", "school_class__number", "subject__order", "pk"
        )
    )
    class_id, subject_id = request.GET.get("class", ""), request.GET.get("subject", "")
    class_pk, grade_pk, subject_pk = (
        query_id(class_id),
        query_id(request.GET.get("grade")),
        query_id(subject_id),
    )
    if class_pk is not None:
        qs = qs.filter(school_class_id=class_pk)
    if grade_pk is not None:
        qs = qs.filter(school_class__grade_id=grade_pk)
    if subject_pk is not None:
        qs = qs.filter(subject_id=subject_pk)
    if request.GET.get("mine"):
        qs = qs.filter(set_by=request.user)
    # The page's rows read as values, the counts as correlated subqueries for them only; the
    # paginator (when the list outgrows a page) counts the bare rows, without their joins.
    listed = qs.annotate(tier_count=_count(Tier), marking_count=_count(MarkingRecord))
    page = paginate(request, listed.values_list(*_LISTED), counted=qs.order_by())
    page.object_list = _rows(page.object_list)
    # The class select: over many classes, the chosen grade's only (Scope.filters_by_grade).
    classes = scope.classes()
    grade_options: list[dict] = []
    if scope.filters_by_grade:
        grade = grade_pk
        if grade is None and class_pk is not None:  # a link to one class: its grade
            grade = classes.filter(pk=class_pk).values_list("grade_id", flat=True).first()
        grades = Grade.objects.filter(id__in=classes.values("grade_id")).order_by("level")
        grade_options = [
            {"pk": pk, "label": Grade(level=level).name, "selected": pk == grade}
            for pk, level in grades.values_list("pk", "level")
        ]
        classes = classes.filter(grade_id=grade) if grade is not None else classes.none()
    class_options = [
        {"pk": pk, "label": label, "selected": pk == class_pk}
        for pk, label in SchoolClass.choices_of(classes)  # (none: no query)
    ]
    return render(
        request,
        "homework/assignment_list.html",
        {
            "page": page,
            "classes": class_options,
            "grades": grade_options,
            "shows_classes": bool(class_options) or not grade_options,
            "subjects": list(scope.subjects()),
            "class_id": class_id,
            "subject_id": subject_id,
            "can_set": rules.can_set_any(scope),
        },
    )


def _save_assignment_form(
    request: ScopedRequest, form: forms.AssignmentForm, assignment: Assignment
) -> DayLoad | None:
    """Save, or return the day's load that stops the save (shown with a reason field)."""
    try:
        # The service holds the date to the term (school.dates), next to the field.
        # The policy's bans (grades 1–2, non-school days) go next to the field to change.
        submit(
            form,
            services.save_assignment,
            assignment=assignment,
            tiers=form.tiers(),
            user=request.user,
            over_limit_reason=form.cleaned_data.get("over_limit_reason", ""),
        )
    except services.OverLimitError as exc:
        form.add_error(
            "over_limit_reason",
            _("This homework puts the class over the day's limit: give a reason to save it."),
        )
        return exc.load
    return None


@login_required
@create_once
def assignment_create(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    if scope.term is None:
        messages.error(request, _("Set a current term first."))
        return redirect("homework:list")
    pairs = setter_pairs(scope)
    if not pairs:
        raise PermissionDenied
    initial = {"date": request.GET.get("date") or today(), "pair": request.GET.get("pair")}
    form = forms.AssignmentForm(request.POST or None, pairs=pairs, initial=initial)
    over = None
    if request.method == "POST" and form.is_valid():
        class_id, subject_id = (int(x) for x in form.cleaned_data["pair"].split("-"))
        if not scope.can_set_homework(class_id, subject_id):
            raise PermissionDenied
        assignment = form.save(commit=False)
        assignment.term = scope.term
        assignment.school_class = SchoolClass.objects.select_related("grade").get(pk=class_id)
        assignment.subject_id = subject_id
        over = _save_assignment_form(request, form, assignment)
        if over is None and not form.errors:
            messages.success(request, _("Homework saved."))
            return redirect("homework:detail", assignment_pk=assignment.pk)
    return render(
        request,
        "homework/assignment_form.html",
        {"form": form, "over": over, "title": _("Set homework")},
    )


def _draft(
    params: QueryDict,
    school_class: SchoolClass,
    subject_id: int,
    day: datetime.date,
    editing: Assignment | None,
) -> Draft:
    """The homework being typed, as the load calculation sees it."""
    typed = {lvl: typed_minutes(params, lvl) for lvl, _label in Level.choices}
    default_level = params.get("default_level") or Level.BASIC
    return Draft(
        school_class_id=school_class.pk,
        subject_id=subject_id,
        date=day,
        default_level=default_level if default_level in Level.values else Level.BASIC,
        tier_minutes={lvl: m for lvl, m in typed.items() if m is not None},
        counts=(
            params.get("kind", Assignment.Kind.WRITTEN) == Assignment.Kind.WRITTEN
            and params.get("phase", Assignment.Phase.AFTER_CLASS) != Assignment.Phase.IN_CLASS
            and (editing is None or not editing.is_withdrawn)
        ),
        assignment_id=editing.pk if editing else None,
    )


def _preview_day(params: QueryDict) -> datetime.date | None:
    try:
        day = datetime.date.fromisoformat(params.get("date", ""))
    except ValueError:
        return None
    return day if forms.day_in_range(day) else None


@login_required
def load_preview(request: ScopedRequest) -> HttpResponse:
    """The day's load with the homework being typed, beside the new and edit forms (htmx).

    On the edit page (``assignment``) the typed homework replaces its saved version,
    keeping the students' own tiers and personalised items.
    """
    scope = request.scope
    params = request.GET
    day = _preview_day(params)
    school_class: SchoolClass | None = None
    subject_id = 0
    editing = None
    assignment_pk = params.get("assignment", "")
    if assignment_pk.isdigit():
        editing = assignment_in_scope(request, int(assignment_pk))
        school_class, subject_id = editing.school_class, editing.subject_id
    else:
        class_id, _sep, subject = params.get("pair", "").partition("-")
        if class_id.isdigit() and subject.isdigit() and scope.can_see_class(int(class_id)):
            school_class = scope.classes().filter(pk=int(class_id)).first()
            subject_id = int(subject)
    load = None
    if school_class is not None and day is not None:
        draft = _draft(params, school_class, subject_id, day, editing)
        load = day_load(school_class, day, draft=draft)
    return render(request, "homework/_load_preview.html", {"load": load})


@login_required
def assignment_edit(request: ScopedRequest, assignment_pk: int) -> HttpResponse:
    assignment = assignment_in_scope(request, assignment_pk)
    if not rules.can_set(request.scope, assignment):
        raise PermissionDenied
    form = forms.AssignmentForm(request.POST or None, instance=assignment)
    over = None
    if request.method == "POST" and form.is_valid():
        over = _save_assignment_form(request, form, form.instance)
        if over is None and not form.errors:
            messages.success(request, _("Homework saved."))
            return redirect("homework:detail", assignment_pk=assignment.pk)
    return render(
        request,
        "homework/assignment_form.html",
        {"form": form, "over": over, "title": _("Edit homework"), "assignment": assignment},
    )


@login_required
@require_POST
def assignment_delete(request: ScopedRequest, assignment_pk: int) -> HttpResponse:
    """Withdraw (softly): the page stays, with an undo; reasons and markings are kept."""
    assignment = assignment_in_scope(request, assignment_pk)
    if not rules.can_set(request.scope, assignment):
        raise PermissionDenied
    services.withdraw_assignment(assignment=assignment, user=request.user)
    messages.success(
        request,
        _("Homework withdrawn: it no longer counts toward the load. You can restore it here."),
    )
    return redirect("homework:detail", assignment_pk=assignment.pk)


@login_required
@require_POST
def assignment_restore(request: ScopedRequest, assignment_pk: int) -> HttpResponse:
    assignment = assignment_in_scope(request, assignment_pk)
    if not rules.can_set(request.scope, assignment):
        raise PermissionDenied
    try:
        services.restore_assignment(assignment=assignment, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except services.OverLimitError:
        messages.error(
            request,
            _(
                "Restoring it would put the class over the day's limit: edit the day's "
                "homework first."
            ),
        )
    else:
        messages.success(request, _("Homework restored."))
    return redirect("homework:detail", assignment_pk=assignment.pk)


@login_required
def assignment_detail(request: ScopedRequest, assignment_pk: int) -> HttpResponse:
    scope = request.scope
    assignment = assignment_in_scope(request, assignment_pk)
    tiers = list(assignment.tiers.all())
    load = day_load(assignment.school_class, assignment.date)
    markings = []
    if rules.can_see_markings(scope, assignment):
        markings = list(
            assignment.markings.select_related("student").order_by("student__student_number")
        )
    return render(
        request,
        "homework/assignment_detail.html",
        {
            "assignment": assignment,
            "tiers": tiers,
            "load": load,
            "student_tiers": assignment.student_tiers.select_related("student").order_by(
                "student__student_number"
            ),
            "personalised": assignment.personalised_items.select_related("student").order_by(
                "student__student_number"
            ),
            "markings": markings,
            "reviews": assignment.reviews.select_related("reviewer"),
            "overrides": assignment.overrides.select_related("recorded_by"),
            "lessons": LessonRecord.objects.alive()
            .visible_to(scope)
            .filter(
                school_class=assignment.school_class,
                subject=assignment.subject,
                date=assignment.date,
            ),
            "can_set": rules.can_set(scope, assignment),
            "can_mark": rules.can_mark(scope, assignment),
            "can_review": rules.can_review(scope, assignment),
        },
    )


@login_required
def unit_view(request: ScopedRequest, assignment_pk: int) -> HttpResponse:
    """The unit's pre-, in- and after-class homework of this class and subject together."""
    assignment = assignment_in_scope(request, assignment_pk)
    rows = (
        selectors.assignments(request.scope)
        .filter(
            term=assignment.term,
            school_class_id=assignment.school_class_id,
            subject_id=assignment.subject_id,
            unit=assignment.unit,
        )
        .prefetch_related("tiers")
        .order_by("date", "created_at")
    )
    if not assignment.unit:
        rows = rows.filter(pk=assignment.pk)
    phases = [
        {"label": label, "items": [a for a in rows if a.phase == value]}
        for value, label in Assignment.Phase.choices
    ]
    return render(request, "homework/unit.html", {"assignment": assignment, "phases": phases})
