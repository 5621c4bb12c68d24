"""A lesson's notes at once: a row per struggling student of the class × subject, and one
per watched student (关注), who has no case yet."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.forms import submit
from core.idempotency import create_once
from core.page_cache import kept_page
from school.models import SchoolClass, Subject, today
from school.scoping import Scope, ScopedRequest, get_object_in_scope
from students.models import Student

from .. import services
from ..forms import LessonForm, LessonRowForm
from ..models import Observation, SupportCase, Watch, WatchNote
from ..phrases import phrases_for


@dataclass
class LessonRow:
    """One student's row: their open case, or their watch when they have no case."""

    student: Student
    form: LessonRowForm
    case: SupportCase | None = None
    watch: Watch | None = None


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


def lesson_watches(scope: Scope, school_class: SchoolClass, subject: Subject) -> list[Watch]:
    return list(
        Watch.objects.live()
        .filter(term=scope.term, student__school_class=school_class, subject=subject)
        .select_related("student")
        .order_by("student__student_number")
    )


def _lesson_initial(request: ScopedRequest) -> dict:
    """Today's classroom lesson, or the date and kind in the query (after a save, or to return)."""
    initial = {"date": today(), "kind": Observation.Kind.CLASSROOM}
    asked = LessonForm(request.GET)
    if asked.is_valid():
        initial.update(asked.cleaned_data)
    return initial


@dataclass
class Saved:
    student: Student
    rating: int | None
    note: str
    edit_url: str
    watched: bool
    entry: Observation | WatchNote


def _saved(cases: list[SupportCase], watches: list[Watch], date, kind, back: str) -> list[Saved]:
    """What was saved for this lesson: live observations and watch notes of the date and kind."""
    observations = (
        Observation.objects.alive()
        .filter(case__in=cases, date=date, kind=kind)
        .select_related("case__student")
        .order_by("case__student__student_number", "created_at")
    )
    notes = (
        WatchNote.objects.alive()
        .filter(watch__in=watches, date=date, kind=kind)
        .select_related("watch__student")
        .order_by("watch__student__student_number", "created_at")
    )
    query = f"?next={back}"
    saved = [
        Saved(
            o.case.student,
            o.rating,
            o.note,
            reverse("archives:observation_edit", args=[o.pk]) + query,
            False,
            o,
        )
        for o in observations
    ] + [
        Saved(
            n.watch.student,
            n.rating,
            n.note,
            reverse("archives:watchnote_edit", args=[n.pk]) + query,
            True,
            n,
        )
        for n in notes
    ]
    return sorted(saved, key=lambda s: s.student.student_number)


def _rows(post, cases: list[SupportCase], watches: list[Watch]) -> list[LessonRow]:
    rows = [LessonRow(c.student, LessonRowForm(post, prefix=f"row-{c.pk}"), case=c) for c in cases]
    rows += [
        LessonRow(w.student, LessonRowForm(post, prefix=f"watch-{w.pk}"), watch=w) for w in watches
    ]
    return sorted(rows, key=lambda r: r.student.student_number)


@login_required
@create_once
@kept_page
def lesson_log(request: ScopedRequest, class_pk: int, subject_pk: int) -> HttpResponse:
    scope = request.scope
    school_class = get_object_in_scope(scope.classes(), pk=class_pk)
    subject = get_object_in_scope(Subject.objects.all(), pk=subject_pk)
    if not scope.can_change_record(school_class.pk, subject.pk):
        raise Http404
    cases = _lesson_cases(scope, school_class, subject)
    watches = lesson_watches(scope, school_class, subject)
    post = request.POST or None
    initial = _lesson_initial(request)
    lesson = LessonForm(post, initial=initial)
    rows = _rows(post, cases, watches)
    no_rows_error = ""
    if request.method == "POST":
        filled = [r for r in rows if r.form.is_filled]
        valid = lesson.is_valid() & all([r.form.is_valid() for r in rows])
        if valid and not filled:
            no_rows_error = _("Fill in at least one student's row.")
        elif valid and (
            saved := submit(
                lesson,
                services.log_lesson,
                by=request.user,
                date=lesson.cleaned_data["date"],
                kind=lesson.cleaned_data["kind"],
                rows=[{"case": r.case, "watch": r.watch, **r.form.cleaned_data} for r in filled],
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
    back = reverse("archives:lesson_log", args=[class_pk, subject_pk])
    back += f"%3Fdate%3D{initial['date']:%Y-%m-%d}%26kind%3D{initial['kind']}"
    return render(
        request,
        "archives/lesson_log.html",
        {
            "school_class": school_class,
            "subject": subject,
            "lesson": lesson,
            "rows": rows,
            "error": no_rows_error,
            "saved": _saved(cases, watches, initial["date"], initial["kind"], back),
            "phrases": phrases_for(request.user),
        },
    )
