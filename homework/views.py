"""Tiered homework: setting it under the load limit, the grade's week, marking, reviews."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, IntegerField, Q, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import submit
from core.pagination import paginate
from core.xlsx import xlsx_response
from school.models import SchoolClass, Subject, TeachingAssignment, today
from school.scoping import get_object_in_scope

from . import exports, forms, selectors, services
from .load import Draft, day_load, day_loads
from .models import (
    Assignment,
    CalendarDay,
    HomeworkReview,
    Level,
    LoadLimit,
    PersonalisedItem,
    ReviewGroupMember,
    SchoolWeek,
    StudentTier,
    SubjectCap,
)
from .schooldays import non_school_days

# ---- helpers ------------------------------------------------------------------


def _parse_day(value: str) -> datetime.date:
    """A date from the URL; anything else, or a date outside 2000–2099, is a 404."""
    try:
        day = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not forms.day_in_range(day):
        raise Http404
    return day


def _assignment(request: HttpRequest, assignment_pk: int) -> Assignment:
    """An assignment in scope, withdrawn or not (its page offers the undo)."""
    return get_object_in_scope(
        selectors.assignments(request.scope, withdrawn=True), pk=assignment_pk
    )


def _require_setter(request: HttpRequest, assignment: Assignment) -> None:
    if not request.scope.can_set_homework(assignment.school_class_id, assignment.subject_id):
        raise PermissionDenied


def _pairs(scope) -> list[tuple[str, str]]:
    """The (class, subject) pairs this user sets homework for, as form choices."""
    if scope.school_wide:
        classes = list(SchoolClass.objects.select_related("grade").filter(is_active=True))
        subjects = list(Subject.objects.all())
        return [(f"{c.pk}-{s.pk}", f"{c} · {s}") for c in classes for s in subjects]
    rows = (
        TeachingAssignment.objects.filter(term=scope.term, teacher=scope.user)
        .select_related("school_class__grade", "subject")
        .order_by("school_class__grade__level", "school_class__number", "subject__order")
    )
    return [
        (f"{r.school_class_id}-{r.subject_id}", f"{r.school_class} · {r.subject}") for r in rows
    ]


# ---- assignments ----------------------------------------------------------------


@login_required
def assignment_list(request: HttpRequest) -> HttpResponse:
    scope = request.scope
    qs = (
        selectors.assignments(scope)
        .annotate(
            tier_count=Count("tiers", distinct=True), marking_count=Count("markings", distinct=True)
        )
        .order_by(
            "-date", "school_class__grade__level", "school_class__number", "subject__order", "pk"
        )
    )
    class_id = request.GET.get("class", "")
    if class_id.isdigit():
        qs = qs.filter(school_class_id=int(class_id))
    subject_id = request.GET.get("subject", "")
    if subject_id.isdigit():
        qs = qs.filter(subject_id=int(subject_id))
    if request.GET.get("mine"):
        qs = qs.filter(set_by=request.user)
    page = paginate(request, qs)
    return render(
        request,
        "homework/assignment_list.html",
        {
            "page": page,
            "classes": scope.classes(),
            "subjects": scope.subjects(),
            "class_id": class_id,
            "subject_id": subject_id,
            "can_set": bool(scope.teaching) or scope.school_wide,
        },
    )


def _save_assignment_form(request, form: forms.AssignmentForm, assignment: Assignment):
    """Save, or return the day's load that stops the save (shown with a reason field)."""
    term = assignment.term
    if not term.start <= assignment.date <= term.end:
        form.add_error(
            "date",
            _("The date must fall within the term (%(start)s – %(end)s).")
            % {"start": term.start.isoformat(), "end": term.end.isoformat()},
        )
        return None
    try:
        services.save_assignment(
            assignment=assignment,
            tiers=form.tiers(),
            user=request.user,
            over_limit_reason=form.cleaned_data.get("over_limit_reason", ""),
        )
    except ValidationError as exc:
        # The policy's bans (grades 1–2, non-school days): shown next to the field to change.
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return None
    except services.OverLimitError as exc:
        form.add_error(
            "over_limit_reason",
            _("This homework puts the class over the day's limit: give a reason to save it."),
        )
        return exc.load
    return None


@login_required
def assignment_create(request: HttpRequest) -> HttpResponse:
    scope = request.scope
    if scope.term is None:
        messages.error(request, _("Set a current term first."))
        return redirect("homework:list")
    pairs = _pairs(scope)
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


def _typed_minutes(params, level: str) -> int | None:
    value = (params.get(f"{level}_minutes") or "").strip()
    if not value.isdigit():
        return None
    return min(int(value), forms.MAX_MINUTES)


@login_required
def load_preview(request: HttpRequest) -> HttpResponse:
    """The day's load with the homework being typed, beside the new and edit forms (htmx).

    On the edit page (``assignment``) the typed homework replaces its saved version,
    keeping the students' own tiers and personalised items.
    """
    scope = request.scope
    params = request.GET
    load = None
    try:
        day = datetime.date.fromisoformat(params.get("date", ""))
    except ValueError:
        day = None
    if not forms.day_in_range(day):
        day = None
    school_class = subject_id = editing = None
    assignment_pk = params.get("assignment", "")
    if assignment_pk.isdigit():
        editing = _assignment(request, int(assignment_pk))
        school_class, subject_id = editing.school_class, editing.subject_id
    else:
        class_id, _sep, subject = params.get("pair", "").partition("-")
        if class_id.isdigit() and subject.isdigit() and scope.can_see_class(int(class_id)):
            school_class = scope.classes().filter(pk=int(class_id)).first()
            subject_id = int(subject)
    if school_class is not None and day is not None:
        typed = {lvl: _typed_minutes(params, lvl) for lvl, _label in Level.choices}
        tiers = {lvl: m for lvl, m in typed.items() if m is not None}
        default_level = params.get("default_level") or Level.BASIC
        draft = Draft(
            school_class_id=school_class.pk,
            subject_id=subject_id,
            date=day,
            default_level=default_level if default_level in Level.values else Level.BASIC,
            tier_minutes=tiers,
            counts=(
                params.get("kind", Assignment.Kind.WRITTEN) == Assignment.Kind.WRITTEN
                and params.get("phase", Assignment.Phase.AFTER_CLASS) != Assignment.Phase.IN_CLASS
                and (editing is None or not editing.is_withdrawn)
            ),
            assignment_id=editing.pk if editing else None,
        )
        load = day_load(school_class, day, draft=draft)
    return render(request, "homework/_load_preview.html", {"load": load})


@login_required
def assignment_edit(request: HttpRequest, assignment_pk: int) -> HttpResponse:
    assignment = _assignment(request, assignment_pk)
    _require_setter(request, assignment)
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
def assignment_delete(request: HttpRequest, assignment_pk: int) -> HttpResponse:
    """Withdraw (softly): the page stays, with an undo; reasons and markings are kept."""
    assignment = _assignment(request, assignment_pk)
    _require_setter(request, assignment)
    services.withdraw_assignment(assignment=assignment, user=request.user)
    messages.success(
        request,
        _("Homework withdrawn: it no longer counts toward the load. You can restore it here."),
    )
    return redirect("homework:detail", assignment_pk=assignment.pk)


@login_required
@require_POST
def assignment_restore(request: HttpRequest, assignment_pk: int) -> HttpResponse:
    assignment = _assignment(request, assignment_pk)
    _require_setter(request, assignment)
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
def assignment_detail(request: HttpRequest, assignment_pk: int) -> HttpResponse:
    scope = request.scope
    assignment = _assignment(request, assignment_pk)
    tiers = list(assignment.tiers.all())
    load = day_load(assignment.school_class, assignment.date)
    markings = []
    if scope.can_see_record(assignment.school_class_id, assignment.subject_id):
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
            "can_set": scope.can_set_homework(assignment.school_class_id, assignment.subject_id),
            "can_mark": scope.can_change_record(assignment.school_class_id, assignment.subject_id),
            "can_review": selectors.can_review(scope, assignment),
        },
    )


@login_required
def assignment_students(request: HttpRequest, assignment_pk: int) -> HttpResponse:
    """Who takes which tier, and the struggling students' personalised items."""
    assignment = _assignment(request, assignment_pk)
    _require_setter(request, assignment)
    students = assignment.school_class.students.in_school().order_by("student_number")
    struggling = selectors.struggling_ids(
        school_class_id=assignment.school_class_id,
        subject_id=assignment.subject_id,
        term=assignment.term,
    )
    form = forms.StudentTiersForm(
        request.POST or None,
        students=students,
        struggling_ids=struggling,
        levels={t.level for t in assignment.tiers.all()},
        chosen=dict(
            StudentTier.objects.filter(assignment=assignment).values_list("student_id", "level")
        ),
        personal={
            p.student_id: (p.content, p.minutes)
            for p in PersonalisedItem.objects.filter(assignment=assignment)
        },
    )
    over = None
    if request.method == "POST" and form.is_valid():
        try:
            services.set_student_tiers(
                assignment=assignment,
                choices=form.choices(),
                personalised=form.personalised(),
                user=request.user,
                over_limit_reason=form.cleaned_data.get("over_limit_reason", ""),
            )
        except services.OverLimitError as exc:
            over = exc.load
            form.add_error(
                "over_limit_reason",
                _("This puts the class over the day's limit: give a reason to save it."),
            )
        else:
            messages.success(request, _("Tiers saved."))
            return redirect("homework:detail", assignment_pk=assignment.pk)
    return render(
        request,
        "homework/assignment_students.html",
        {"assignment": assignment, "form": form, "over": over},
    )


@login_required
def assignment_copy(request: HttpRequest, assignment_pk: int) -> HttpResponse:
    """Copy to the grade's other classes where the user sets this subject's homework."""
    scope = request.scope
    assignment = _assignment(request, assignment_pk)
    _require_setter(request, assignment)
    targets = [
        c
        for c in SchoolClass.objects.select_related("grade").filter(
            grade_id=assignment.school_class.grade_id, is_active=True
        )
        if c.pk != assignment.school_class_id
        and scope.can_set_homework(c.pk, assignment.subject_id)
    ]
    already = set(
        Assignment.objects.active()
        .filter(
            school_class__in=targets,
            subject_id=assignment.subject_id,
            date=assignment.date,
            title=assignment.title,
        )
        .values_list("school_class_id", flat=True)
    )
    targets = [c for c in targets if c.pk not in already]
    form = forms.CopyForm(request.POST or None, classes=targets)
    if request.method == "POST" and form.is_valid():
        result = services.copy_to_classes(
            assignment=assignment, classes=form.chosen(), user=request.user
        )
        if result.copied:
            messages.success(
                request,
                _("Copied to %(classes)s.") % {"classes": "、".join(map(str, result.copied))},
            )
        if result.refused:
            messages.error(
                request,
                _("Not copied to %(classes)s: the policy does not allow it there.")
                % {"classes": "、".join(map(str, result.refused))},
            )
        if result.over_limit:
            messages.warning(
                request,
                _(
                    "Not copied to %(classes)s: it would put them over the day's limit. "
                    "Set their homework on its own page, with a reason."
                )
                % {"classes": "、".join(map(str, result.over_limit))},
            )
        return redirect("homework:detail", assignment_pk=assignment.pk)
    return render(
        request,
        "homework/assignment_copy.html",
        {"form": form, "assignment": assignment, "targets": targets},
    )


@login_required
def unit_view(request: HttpRequest, assignment_pk: int) -> HttpResponse:
    """The unit's pre-, in- and after-class homework of this class and subject together."""
    assignment = _assignment(request, assignment_pk)
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


# ---- marking --------------------------------------------------------------------


@login_required
def assignment_marking(request: HttpRequest, assignment_pk: int) -> HttpResponse:
    """Marking records of the struggling students (or the whole class) at once."""
    scope = request.scope
    assignment = _assignment(request, assignment_pk)
    if not scope.can_change_record(assignment.school_class_id, assignment.subject_id):
        raise PermissionDenied
    struggling = selectors.struggling_ids(
        school_class_id=assignment.school_class_id,
        subject_id=assignment.subject_id,
        term=assignment.term,
    )
    everyone = bool(request.GET.get("all")) or not struggling
    students = assignment.school_class.students.in_school().order_by("student_number")
    if not everyone:
        students = students.filter(pk__in=struggling)
    existing = {m.student_id: m for m in assignment.markings.all()}
    form = forms.MarkingGridForm(request.POST or None, students=students, existing=existing)
    if request.method == "POST" and form.is_valid():
        rows = [services.MarkingData(**row) for row in form.marked()]
        saved = submit(
            form, services.record_markings, assignment=assignment, rows=rows, user=request.user
        )
        if saved is not None:
            messages.success(request, _("%(n)d marking records saved.") % {"n": len(rows)})
            return redirect("homework:detail", assignment_pk=assignment.pk)
    return render(
        request,
        "homework/marking.html",
        {
            "assignment": assignment,
            "form": form,
            "everyone": everyone,
            "struggling": struggling,
        },
    )


# ---- the grade's week, the class's day, the notice, the export ---------------------------


def _week_context(request: HttpRequest) -> dict:
    scope = request.scope
    grades = selectors.visible_grades(scope)
    form = forms.WeekForm(request.GET or None, grades=grades)
    grade = None
    week_day = today()
    if form.is_valid():
        grade = form.grade_objects.get(form.cleaned_data.get("grade") or "")
        week_day = form.cleaned_data.get("week") or week_day
    elif form.is_bound:
        # A week out of range or garbled: this week instead, and say so.
        grade = form.grade_objects.get(request.GET.get("grade") or "")
        if "week" in form.errors:
            messages.warning(
                request,
                _("That week could not be shown (%(value)s); here is this week.")
                % {"value": request.GET.get("week", "")[:20]},
            )
    if grade is None and grades:
        led = [g for g in grades if g.pk in scope.led_grade_ids]
        grade = (led or grades)[0]
    days = services.week_of(week_day)
    classes = list(scope.classes().filter(grade=grade)) if grade else []
    loads = day_loads(classes, days)
    rows = [{"school_class": c, "cells": [loads[(c.pk, d)] for d in days]} for c in classes]
    if rows:
        closed = {cell.date: cell.non_school_reason for cell in rows[0]["cells"]}
    else:
        closed = non_school_days(days)
    return {
        "form": form,
        "grade": grade,
        "days": days,
        "day_heads": [{"date": d, "closed": closed.get(d, "")} for d in days],
        "rows": rows,
        "today": today(),
        "previous_week": days[0] - datetime.timedelta(days=7),
        "next_week": days[0] + datetime.timedelta(days=7),
    }


@login_required
def week_grid(request: HttpRequest) -> HttpResponse:
    return render(request, "homework/week_grid.html", _week_context(request))


@login_required
def week_export(request: HttpRequest) -> HttpResponse:
    ctx = _week_context(request)
    if ctx["grade"] is None:
        raise Http404
    content = exports.week_workbook(grade=ctx["grade"], days=ctx["days"], rows=ctx["rows"])
    name = f"homework-load-grade{ctx['grade'].level}-{ctx['days'][0]:%Y%m%d}.xlsx"
    return xlsx_response(content, name)


def _class_day(request: HttpRequest, class_pk: int, day: str) -> dict:
    scope = request.scope
    school_class = get_object_in_scope(scope.classes(), pk=class_pk)
    date = _parse_day(day)
    # The day's homework of every subject: it is what the class publishes (作业公示).
    items = (
        Assignment.objects.active()
        .filter(school_class=school_class, date=date)
        .select_related("subject", "set_by")
        .prefetch_related("tiers")
        .order_by("subject__order", "phase", "created_at")
    )
    return {
        "school_class": school_class,
        "date": date,
        "items": items,
        "load": day_load(school_class, date),
        "previous_day": date - datetime.timedelta(days=1),
        "next_day": date + datetime.timedelta(days=1),
    }


@login_required
def class_day(request: HttpRequest, class_pk: int, day: str) -> HttpResponse:
    return render(request, "homework/class_day.html", _class_day(request, class_pk, day))


@login_required
def class_day_notice(request: HttpRequest, class_pk: int, day: str) -> HttpResponse:
    return render(request, "homework/notice.html", _class_day(request, class_pk, day))


# ---- limits (administrators) -------------------------------------------------------


@login_required
def limit_list(request: HttpRequest) -> HttpResponse:
    """The homework settings: daily limits, subjects' caps, the school week and holidays."""
    request.scope.require_school_leader()
    bands = Case(
        When(band="lower", then=0),
        When(band="upper", then=1),
        default=2,
        output_field=IntegerField(),
    )
    page = paginate(request, LoadLimit.objects.order_by(bands))
    caps = SubjectCap.objects.select_related("grade", "subject").order_by(
        "grade__level", "subject__order", "pk"
    )
    upcoming = CalendarDay.objects.filter(date__gte=today() - datetime.timedelta(days=31))
    return render(
        request,
        "homework/limit_list.html",
        {
            "page": page,
            "caps": caps,
            "calendar_days": upcoming.order_by("date")[:60],
            "week": SchoolWeek.current(),
            "can_edit": request.scope.school_wide,
        },
    )


def _settings_form(request: HttpRequest, form, title: str) -> HttpResponse | None:
    """Save a settings form and go back to the settings page; None when it needs showing."""
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("homework:limits")
    return render(
        request,
        "core/form.html",
        {"form": form, "title": title, "back": reverse("homework:limits")},
    )


@login_required
def subject_cap_add(request: HttpRequest) -> HttpResponse:
    request.scope.require_school_leader()
    form = forms.SubjectCapForm(request.POST or None)
    return _settings_form(request, form, _("A subject's daily cap"))


@login_required
def subject_cap_edit(request: HttpRequest, cap_pk: int) -> HttpResponse:
    cap = get_object_in_scope(request.scope.admin_queryset(SubjectCap.objects.all()), pk=cap_pk)
    form = forms.SubjectCapForm(request.POST or None, instance=cap)
    return _settings_form(request, form, _("A subject's daily cap"))


@login_required
@require_POST
def subject_cap_remove(request: HttpRequest, cap_pk: int) -> HttpResponse:
    cap = get_object_in_scope(request.scope.admin_queryset(SubjectCap.objects.all()), pk=cap_pk)
    cap.delete()
    messages.success(request, _("Cap removed."))
    return redirect("homework:limits")


@login_required
def school_week_edit(request: HttpRequest) -> HttpResponse:
    request.scope.require_school_leader()
    form = forms.SchoolWeekForm(request.POST or None, instance=SchoolWeek.current())
    return _settings_form(request, form, _("School week"))


@login_required
def calendar_day_add(request: HttpRequest) -> HttpResponse:
    request.scope.require_school_leader()
    form = forms.CalendarDayForm(request.POST or None)
    return _settings_form(request, form, _("A holiday or make-up school day"))


@login_required
@require_POST
def calendar_day_remove(request: HttpRequest, calendar_day_pk: int) -> HttpResponse:
    day = get_object_in_scope(
        request.scope.admin_queryset(CalendarDay.objects.all()), pk=calendar_day_pk
    )
    day.delete()
    messages.success(request, _("Day removed."))
    return redirect("homework:limits")


@login_required
def limit_edit(request: HttpRequest, limit_pk: int) -> HttpResponse:
    limit = get_object_in_scope(request.scope.admin_queryset(LoadLimit.objects.all()), pk=limit_pk)
    form = forms.LoadLimitForm(request.POST or None, instance=limit)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Limit saved."))
        return redirect("homework:limits")
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Daily limit: %(band)s") % {"band": limit.get_band_display()},
            "back": reverse("homework:limits"),
        },
    )


# ---- reviews -------------------------------------------------------------------------


@login_required
def review_create(request: HttpRequest, assignment_pk: int) -> HttpResponse:
    assignment = _assignment(request, assignment_pk)
    if not selectors.can_review(request.scope, assignment):
        raise PermissionDenied
    review = HomeworkReview.objects.filter(assignment=assignment, reviewer=request.user).first()
    review = review or HomeworkReview(assignment=assignment, reviewer=request.user)
    form = forms.HomeworkReviewForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        services.record_review(review=form.instance)
        messages.success(request, _("Review saved."))
        return redirect("homework:detail", assignment_pk=assignment.pk)
    return render(
        request,
        "homework/review_form.html",
        {"form": form, "assignment": assignment, "tiers": assignment.tiers.all()},
    )


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    """Reviews of my homework, and the ones I wrote; reviewers also get a sample to review."""
    scope = request.scope
    reviews = HomeworkReview.objects.select_related(
        "reviewer", "assignment__school_class__grade", "assignment__subject"
    ).filter(Q(assignment__set_by=request.user) | Q(reviewer=request.user))
    page = paginate(request, reviews)
    sample = []
    reviewing = selectors.review_subject_ids(scope)
    if scope.is_school_leader or reviewing:
        pool = selectors.assignments(scope).exclude(reviews__reviewer=request.user)
        if not scope.is_school_leader:
            pool = pool.filter(subject_id__in=reviewing)
        since = today() - datetime.timedelta(days=14)
        sample = list(pool.filter(date__gte=since).order_by("?")[:5])
    return render(request, "homework/review_list.html", {"page": page, "sample": sample})


def _group_subjects(scope):
    """Subjects whose review group this user manages: a director's own, or all for leaders."""
    if scope.is_school_leader:
        return Subject.objects.all()
    return Subject.objects.filter(pk__in=scope.directed_subject_ids)


@login_required
def review_group(request: HttpRequest) -> HttpResponse:
    """The homework review groups: academic directors pick backbone teachers for their subject."""
    scope = request.scope
    if not (scope.is_school_leader or scope.is_director):
        raise PermissionDenied
    subjects = _group_subjects(scope)
    form = forms.ReviewGroupMemberForm(request.POST or None, subjects=subjects)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Added to the review group."))
        return redirect("homework:review_group")
    members = (
        ReviewGroupMember.objects.filter(subject__in=subjects)
        .select_related("subject", "teacher")
        .order_by("subject__order", "teacher__full_name", "pk")
    )
    return render(
        request,
        "homework/review_group.html",
        {"form": form, "page": paginate(request, members)},
    )


@login_required
@require_POST
def review_group_remove(request: HttpRequest, member_pk: int) -> HttpResponse:
    members = ReviewGroupMember.objects.filter(subject__in=_group_subjects(request.scope))
    member = get_object_in_scope(members, pk=member_pk)
    member.delete()
    messages.success(request, _("Removed from the review group."))
    return redirect("homework:review_group")
