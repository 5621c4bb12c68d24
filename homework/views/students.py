"""An assignment's students: their tiers, copies to other classes, marking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.forms import submit
from core.idempotency import create_once
from school.models import SchoolClass
from school.scoping import Scope, ScopedRequest

from .. import forms, marking_photos, rules, selectors, services
from ..models import Assignment, MarkingPhoto, PersonalisedItem, StudentTier
from .common import assignment_in_scope


def _tiers_form(request: ScopedRequest, assignment: Assignment) -> forms.StudentTiersForm:
    """The class's students with their tiers; struggling students also get personal items."""
    return forms.StudentTiersForm(
        request.POST or None,
        students=assignment.school_class.students.in_school().order_by("student_number"),
        struggling_ids=selectors.struggling_ids(
            school_class_id=assignment.school_class_id,
            subject_id=assignment.subject_id,
            term=assignment.term,
        ),
        levels={t.level for t in assignment.tiers.all()},
        chosen=dict(
            StudentTier.objects.filter(assignment=assignment).values_list("student_id", "level")
        ),
        personal={
            p.student_id: (p.content, p.minutes)
            for p in PersonalisedItem.objects.filter(assignment=assignment)
        },
    )


@login_required
def assignment_students(request: ScopedRequest, assignment_pk: int) -> HttpResponse:
    """Who takes which tier, and the struggling students' personalised items."""
    assignment = assignment_in_scope(request, assignment_pk)
    if not rules.can_set(request.scope, assignment):
        raise PermissionDenied
    form = _tiers_form(request, assignment)
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


def _copy_targets(scope: Scope, assignment: Assignment) -> list[SchoolClass]:
    """The grade's other classes where the user sets this subject and it is not there yet."""
    targets = [
        c
        for c in SchoolClass.objects.select_related("grade").filter(
            grade_id=assignment.school_class.grade_id, is_active=True
        )
        if c.pk != assignment.school_class_id
        and scope.can_set_homework(c.pk, assignment.subject_id)
    ]
    already = set(
        Assignment.objects.on_day(assignment.date)
        .filter(school_class__in=targets, subject_id=assignment.subject_id, title=assignment.title)
        .values_list("school_class_id", flat=True)
    )
    return [c for c in targets if c.pk not in already]


def _report_copy(request: ScopedRequest, result: services.CopyResult) -> None:
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


@login_required
@create_once
def assignment_copy(request: ScopedRequest, assignment_pk: int) -> HttpResponse:
    """Copy to the grade's other classes where the user sets this subject's homework."""
    scope = request.scope
    assignment = assignment_in_scope(request, assignment_pk)
    if not rules.can_set(request.scope, assignment):
        raise PermissionDenied
    targets = _copy_targets(scope, assignment)
    form = forms.CopyForm(request.POST or None, classes=targets)
    if request.method == "POST" and form.is_valid():
        result = services.copy_to_classes(
            assignment=assignment, classes=form.chosen(), user=request.user
        )
        _report_copy(request, result)
        return redirect("homework:detail", assignment_pk=assignment.pk)
    return render(
        request,
        "homework/assignment_copy.html",
        {"form": form, "assignment": assignment, "targets": targets},
    )


@login_required
@create_once
def assignment_marking(request: ScopedRequest, assignment_pk: int) -> HttpResponse:
    """Marking records of the struggling students (or the whole class) at once."""
    scope = request.scope
    assignment = assignment_in_scope(request, assignment_pk)
    if not rules.can_mark(scope, assignment):
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
    existing = {
        m.student_id: m
        for m in assignment.markings.prefetch_related(
            Prefetch("photos", queryset=MarkingPhoto.objects.live())
        )
    }
    form = forms.MarkingGridForm(request.POST or None, students=students, existing=existing)
    marking_photos.prepare_rows(form.rows, existing)
    if request.method == "POST" and form.is_valid():
        rows = [services.MarkingData(**row) for row in form.marked()]
        photos = marking_photos.read_photos(request, form.rows, {r.student.pk for r in rows})
        saved = None
        if photos is not None:
            saved = submit(
                form,
                marking_photos.record_markings_with_photos,
                assignment=assignment,
                rows=rows,
                photos=photos,
                user=request.user,
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
