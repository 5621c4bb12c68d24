"""A lesson's observations at once: one row per struggling student of the class × subject."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.forms import submit
from core.idempotency import create_once
from school.models import SchoolClass, Subject, today
from school.scoping import Scope, ScopedRequest, get_object_in_scope

from .. import services
from ..forms import LessonForm, LessonRowForm
from ..models import Observation, SupportCase


def _lesson_cases(scope: Scope, school_class: SchoolClass, subject: Subject) -> list[SupportCase]:
    """The open cases of the class × subject this term, each marked stale or not."""
    cases = list(
        SupportCase.objects.open()
        .filter(term=scope.term, student__school_class=school_class, subject=subject)
        .with_last_entry()
        .select_related("student")
        .order_by("student__student_number")
    )
    for case in cases:
        case.stale = case.is_stale()
    return cases


def _row(form: LessonRowForm) -> dict:
    return {"rating": form.cleaned_data["rating"], "note": form.cleaned_data["note"]}


@login_required
@create_once
def lesson_log(request: ScopedRequest, class_pk: int, subject_pk: int) -> HttpResponse:
    scope = request.scope
    school_class = get_object_in_scope(scope.classes(), pk=class_pk)
    subject = get_object_in_scope(Subject.objects.all(), pk=subject_pk)
    if not scope.can_change_record(school_class.pk, subject.pk):
        raise Http404
    cases = _lesson_cases(scope, school_class, subject)
    post = request.POST or None
    lesson = LessonForm(post, initial={"date": today(), "kind": Observation.Kind.CLASSROOM})
    rows = [(case, LessonRowForm(post, prefix=f"row-{case.pk}")) for case in cases]
    no_rows_error = ""
    if request.method == "POST":
        filled = [(case, f) for case, f in rows if f.is_filled]
        valid = lesson.is_valid() & all([f.is_valid() for _c, f in rows])
        if valid and not filled:
            no_rows_error = _("Fill in at least one student's row.")
        elif valid and (
            saved := submit(
                lesson,
                services.log_lesson,
                by=request.user,
                date=lesson.cleaned_data["date"],
                kind=lesson.cleaned_data["kind"],
                rows=[{"case": case, **_row(f)} for case, f in filled],
            )
        ):
            messages.success(
                request,
                _("%(n)d observations saved for %(cls)s · %(subject)s.")
                % {"n": len(saved), "cls": school_class, "subject": subject},
            )
            return redirect("archives:lesson_log", class_pk=class_pk, subject_pk=subject_pk)
        elif not valid:
            no_rows_error = _("Nothing was saved: correct the rows marked below.")
    return render(
        request,
        "archives/lesson_log.html",
        {
            "school_class": school_class,
            "subject": subject,
            "lesson": lesson,
            "rows": rows,
            "error": no_rows_error,
        },
    )
