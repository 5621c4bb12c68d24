"""A lesson's observations at once: one row per struggling student of the class × subject."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.forms import submit
from core.idempotency import create_once
from school.models import SchoolClass, Subject, today
from school.scoping import Scope, ScopedRequest, get_object_in_scope

from .. import services
from ..forms import LessonForm, LessonRowForm
from ..models import Observation, SupportCase
from ..phrases import phrases_for


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


def _lesson_initial(request: ScopedRequest) -> dict:
    """Today's classroom lesson, or the date and kind in the query (after a save, or to return)."""
    initial = {"date": today(), "kind": Observation.Kind.CLASSROOM}
    asked = LessonForm(request.GET)
    if asked.is_valid():
        initial.update(asked.cleaned_data)
    return initial


def _saved(cases: list[SupportCase], date, kind) -> list[Observation]:
    """What was saved for this lesson: the cases' live observations of the date and kind."""
    return list(
        Observation.objects.alive()
        .filter(case__in=cases, date=date, kind=kind)
        .select_related("case__student", "author")
        .order_by("case__student__student_number", "created_at")
    )


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
    initial = _lesson_initial(request)
    lesson = LessonForm(post, initial=initial)
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
            url = reverse("archives:lesson_log", args=[class_pk, subject_pk])
            date, kind = lesson.cleaned_data["date"], lesson.cleaned_data["kind"]
            return redirect(f"{url}?date={date:%Y-%m-%d}&kind={kind}")
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
            "saved": _saved(cases, initial["date"], initial["kind"]),
            "phrases": phrases_for(request.user),
        },
    )
