"""Lesson preparation records (备课) and post-lesson reflections (教后记): the pages.

Quick on a phone: class and subject in one choice, a lesson title, and whatever else the
teacher has (goals, key and difficult points, tiered exercises, the plan as text or a file).
The reflection is added afterwards, once the lesson has taken place.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.forms import submit
from core.idempotency import create_once
from core.pagination import paginate
from school import dates
from school.forms import DateInput
from school.models import SchoolClass, Subject, today
from school.scoping import ScopedRequest, get_object_in_scope

from .models import LessonRecord

TEXT_FIELDS = ("goals", "key_points", "difficult_points", "tiered_exercises", "plan_text")


class LessonForm(forms.ModelForm):
    pair = forms.ChoiceField(label=gettext_lazy("Class and subject"))

    class Meta:
        model = LessonRecord
        fields = ["date", "unit", "title", *TEXT_FIELDS, "plan_file", "reflection"]
        widgets = {
            "date": DateInput(),
            **{name: forms.Textarea(attrs={"rows": 2}) for name in TEXT_FIELDS},
            "reflection": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        pairs = sorted(scope.teaching)
        classes = SchoolClass.objects.in_bulk({c for c, _s in pairs})
        subjects = Subject.objects.in_bulk({s for _c, s in pairs})
        self.fields["pair"].choices = [
            (f"{c}-{s}", f"{classes[c]} · {subjects[s]}") for c, s in pairs
        ]
        if self.instance.pk:
            self.initial["pair"] = f"{self.instance.school_class_id}-{self.instance.subject_id}"
        elif len(pairs) == 1:
            self.initial["pair"] = f"{pairs[0][0]}-{pairs[0][1]}"
        self.order_fields(["pair", "date", "unit", "title"])

    def clean_pair(self) -> tuple[int, int]:
        class_id, subject_id = (int(x) for x in self.cleaned_data["pair"].split("-"))
        return class_id, subject_id


@transaction.atomic
def save_lesson(*, lesson: LessonRecord) -> LessonRecord:
    """Save a lesson record: dated within the term (a lesson may be prepared ahead); its
    reflection only once the lesson is not after today."""
    dates.check_in_term(lesson.date, lesson.term, not_after_today=False)
    if lesson.reflection.strip():
        if lesson.date > today():
            raise ValidationError(
                {"reflection": _("Write the reflection after the lesson has taken place.")}
            )
        if lesson.reflected_at is None:
            lesson.reflected_at = timezone.now()
    else:
        lesson.reflected_at = None
    lesson.full_clean()
    lesson.save()
    return lesson


def _lessons(scope):
    return (
        LessonRecord.objects.alive()
        .visible_to(scope)
        .select_related("school_class", "subject", "teacher")
    )


@login_required
def lesson_list(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    qs = _lessons(scope).filter(term=scope.term).order_by("-date", "-pk")
    if request.GET.get("mine", "1") == "1":
        qs = qs.filter(teacher=request.user)
    page = paginate(request, qs)
    mine = LessonRecord.objects.alive().filter(teacher=request.user, term=scope.term)
    return render(
        request,
        "homework/lesson_list.html",
        {
            "page": page,
            "mine": request.GET.get("mine", "1") == "1",
            "prepared": mine.count(),
            "reflected": mine.reflected().count(),
            "can_add": bool(scope.teaching) and scope.term is not None,
        },
    )


@login_required
@create_once
def lesson_form(request: ScopedRequest, lesson_pk: int | None = None) -> HttpResponse:
    scope = request.scope
    if lesson_pk is not None:
        lesson = get_object_in_scope(_lessons(scope).filter(teacher=request.user), pk=lesson_pk)
    else:
        if scope.term is None or not scope.teaching:
            raise Http404
        lesson = LessonRecord(term=scope.term, teacher=request.user, date=today())
    form = LessonForm(request.POST or None, request.FILES or None, instance=lesson, scope=scope)
    if request.method == "POST" and form.is_valid():
        form.instance.school_class_id, form.instance.subject_id = form.cleaned_data["pair"]
        saved = submit(form, save_lesson, lesson=form.instance)
        if saved is not None:
            messages.success(request, _("Lesson record saved."))
            return redirect("homework:lessons")
    title = _("Edit lesson record") if lesson.pk else _("New lesson record")
    return render(
        request,
        "core/form.html",
        {"form": form, "title": title, "back": reverse("homework:lessons"), "multipart": True},
    )


@login_required
@require_POST
def lesson_delete(request: ScopedRequest, lesson_pk: int) -> HttpResponse:
    """Withdrawing is soft: the record leaves lists and counts, the history stays."""
    lesson = get_object_in_scope(_lessons(request.scope).filter(teacher=request.user), pk=lesson_pk)
    lesson.deleted_at = timezone.now()
    lesson.save(update_fields=["deleted_at"])
    messages.success(request, _("Lesson record withdrawn."))
    return redirect("homework:lessons")


@login_required
def lesson_plan_file(request: ScopedRequest, lesson_pk: int) -> FileResponse:
    lesson = get_object_in_scope(_lessons(request.scope), pk=lesson_pk)
    if not lesson.plan_file:
        raise Http404
    return FileResponse(lesson.plan_file.open("rb"), as_attachment=True)


@login_required
def lesson_detail(request: ScopedRequest, lesson_pk: int) -> HttpResponse:
    lesson = get_object_in_scope(_lessons(request.scope), pk=lesson_pk)
    return render(
        request,
        "homework/lesson_detail.html",
        {"lesson": lesson, "can_edit": lesson.teacher_id == request.user.pk},
    )
