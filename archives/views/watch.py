"""The 关注 list of a class × subject, and correcting a watched student's lesson note."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import submit
from core.http import redirect_next, safe_next
from school.forms import DateInput
from school.models import Subject
from school.scoping import ScopedRequest, get_object_in_scope
from students.models import Student

from .. import services, watch
from ..case_history import history_page
from ..forms import RATING_WIDGET_ATTRS
from ..models import SupportCase, Watch, WatchNote
from ..rules import require_correct_entry


def _class_subject(request: ScopedRequest, class_pk: int, subject_pk: int):
    scope = request.scope
    school_class = get_object_in_scope(scope.classes(), pk=class_pk)
    subject = get_object_in_scope(Subject.objects.all(), pk=subject_pk)
    if not scope.can_change_record(school_class.pk, subject.pk):
        raise Http404
    return school_class, subject


@login_required
def watch_list(request: ScopedRequest, class_pk: int, subject_pk: int) -> HttpResponse:
    """Who is watched in this class × subject; a tap adds or takes a student off."""
    school_class, subject = _class_subject(request, class_pk, subject_pk)
    term = request.scope.term
    if term is None:
        raise Http404
    here = reverse("archives:watch_list", args=[class_pk, subject_pk])
    if request.method == "POST":
        try:
            if add := request.POST.get("add", ""):
                student = get_object_in_scope(
                    Student.objects.in_school().filter(school_class=school_class), pk=add
                )
                watch.watch_student(student=student, subject=subject, term=term, by=request.user)
                messages.success(request, _("%(name)s is on the watch list.") % {"name": student})
            elif remove := request.POST.get("remove", ""):
                w = get_object_in_scope(
                    Watch.objects.live().filter(
                        term=term, subject=subject, student__school_class=school_class
                    ),
                    pk=remove,
                )
                watch.unwatch(watch=w, by=request.user)
                messages.success(
                    request,
                    _("%(name)s is off the watch list; their notes are kept.")
                    % {"name": w.student},
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(here)
    students = list(
        Student.objects.in_school()
        .filter(school_class=school_class)
        .order_by("student_number")
        .only("pk", "name", "student_number")
    )
    with_case = set(
        SupportCase.objects.open()
        .filter(term=term, subject=subject, student__school_class=school_class)
        .values_list("student_id", flat=True)
    )
    watches = {
        w.student_id: w
        for w in Watch.objects.live().filter(
            term=term, subject=subject, student__school_class=school_class
        )
    }
    rows = [(s, s.pk in with_case, watches.get(s.pk)) for s in students]
    return render(
        request,
        "archives/watch_list.html",
        {
            "school_class": school_class,
            "subject": subject,
            "rows": rows,
            "watched": len(watches),
        },
    )


class WatchNoteForm(forms.ModelForm):
    class Meta:
        model = WatchNote
        fields = ["date", "kind", "rating", "note"]
        widgets = {
            "date": DateInput(),
            "rating": forms.NumberInput(attrs=RATING_WIDGET_ATTRS),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


def _note(request: ScopedRequest, watchnote_pk: int) -> WatchNote:
    return get_object_in_scope(
        WatchNote.objects.visible_to(request.scope).filter(observation__isnull=True),
        pk=watchnote_pk,
    )


def _log_url(note: WatchNote) -> str:
    w = note.watch
    return reverse("archives:lesson_log", args=[w.student.school_class_id, w.subject_id])


@login_required
def watchnote_edit(request: ScopedRequest, watchnote_pk: int) -> HttpResponse:
    note = _note(request, watchnote_pk)
    if note.is_deleted:
        raise Http404
    require_correct_entry(request.user, note)
    form = WatchNoteForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        fresh = WatchNote.objects.select_related("watch__term").get(pk=note.pk)
        done = submit(
            form,
            services.correct_entry,
            entry=fresh,
            by=request.user,
            check_dates=watch.check_note_dates,
            **form.cleaned_data,
        )
        if done:
            messages.success(request, _("Entry corrected."))
            return redirect(safe_next(request, _log_url(note)))
    return render(
        request,
        "archives/watchnote_form.html",
        {"form": form, "note": note, "back": safe_next(request, _log_url(note))},
    )


@login_required
@require_POST
def watchnote_delete(request: ScopedRequest, watchnote_pk: int) -> HttpResponse:
    note = _note(request, watchnote_pk)
    services.withdraw_entry(entry=note, by=request.user)
    messages.success(request, _("Entry withdrawn."))
    return redirect_next(request, "archives:lesson_log", *_log_args(note))


def _log_args(note: WatchNote) -> tuple[int, int]:
    return note.watch.student.school_class_id, note.watch.subject_id


@login_required
def watchnote_history(request: ScopedRequest, watchnote_pk: int) -> HttpResponse:
    note = _note(request, watchnote_pk)
    return history_page(
        request,
        entry=note,
        fields=["date", "kind", "rating", "note"],
        title=WatchNote._meta.verbose_name,
        back=_log_url(note),
        back_label=f"{note.watch.student.shown_name} · {note.watch.subject}",
    )
