"""The roster: lists, the student's profile, edits, status changes and the xlsx import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.forms import submit
from core.pagination import paginate
from core.plugins import student_sections
from core.xlsx import xlsx_response
from school.scoping import get_object_in_scope

from . import retention, roster_import
from .forms import (
    EraseConfirmForm,
    RosterImportForm,
    StatusChangeForm,
    StudentFilterForm,
    StudentForm,
)
from .models import Student


@login_required
def student_list(request: HttpRequest) -> HttpResponse:
    scope = request.scope
    form = StudentFilterForm(request.GET or None, classes=scope.classes())
    students = Student.objects.visible_to(scope)
    if form.is_valid():
        data = form.cleaned_data
        students = students.search(data["q"] or "")
        if data["school_class"]:
            students = students.filter(school_class=data["school_class"])
        if data["grade"]:
            students = students.filter(school_class__grade=data["grade"])
        if data["status"] == "all":
            pass
        elif data["status"]:
            students = students.filter(status=data["status"])
        else:
            students = students.in_school()
    else:
        students = students.in_school()
    page = paginate(request, students)
    return render(request, "students/student_list.html", {"page": page, "form": form})


@login_required
def student_detail(request: HttpRequest, student_pk: int) -> HttpResponse:
    scope = request.scope
    student = get_object_in_scope(Student.objects.visible_to(scope), pk=student_pk)
    history = student.history.select_related("school_class", "history_user").order_by(
        "-history_date"
    )[:20]
    return render(
        request,
        "students/student_detail.html",
        {"student": student, "history": history, "sections": student_sections(request, student)},
    )


@login_required
def student_form(request: HttpRequest, student_pk: int | None = None) -> HttpResponse:
    scope = request.scope
    student = None
    if student_pk is not None:
        student = get_object_in_scope(scope.admin_queryset(Student.objects.all()), pk=student_pk)
    else:
        scope.require_school_leader()
    form = StudentForm(request.POST or None, instance=student, classes=scope.classes())
    if request.method == "POST" and form.is_valid():
        student = form.save()
        messages.success(request, _("Student saved."))
        return redirect("students:detail", student_pk=student.pk)
    title = _("Edit student") if student else _("New student")
    return render(request, "core/form.html", {"form": form, "title": title})


@login_required
def student_status(request: HttpRequest, student_pk: int) -> HttpResponse:
    scope = request.scope
    student = get_object_in_scope(scope.admin_queryset(Student.objects.all()), pk=student_pk)
    form = StatusChangeForm(
        request.POST or None, initial={"status": student.status, "date": student.status_changed_on}
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            student.status = form.cleaned_data["status"]
            student.status_changed_on = form.cleaned_data["date"]
            student._change_reason = form.cleaned_data["note"]
            student.save()
        messages.success(request, _("Status changed."))
        return redirect("students:detail", student_pk=student.pk)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("Change status of %(s)s") % {"s": student}},
    )


@login_required
def student_erase(request: HttpRequest, student_pk: int) -> HttpResponse:
    """Erase one student now (school leaders): a confirmation naming what goes, then the erasure."""
    scope = request.scope
    student = get_object_in_scope(scope.admin_queryset(Student.objects.all()), pk=student_pk)
    if retention.is_erased(student):
        messages.info(request, _("This student's data has already been erased."))
        return redirect("students:detail", student_pk=student.pk)
    form = EraseConfirmForm(request.POST or None, student=student)
    if request.method == "POST" and form.is_valid():
        if submit(form, retention.erase_student, student=student) is not None:
            messages.success(request, _("The student's personal data has been erased."))
            return redirect("students:detail", student_pk=student.pk)
    return render(
        request,
        "students/student_erase.html",
        {"student": student, "form": form, "what_goes": retention.what_goes(student)},
    )


@login_required
def roster_import_view(request: HttpRequest) -> HttpResponse:
    scope = request.scope
    scope.require_school_leader()
    form = RosterImportForm(request.POST or None, request.FILES or None)
    result = None
    file_error = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        from django.conf import settings

        if upload.size > settings.ROSTER_IMPORT_MAX_BYTES:
            file_error = _("The file is too large (at most %(mb).1f MB).") % {
                "mb": settings.ROSTER_IMPORT_MAX_BYTES / 1024 / 1024
            }
        else:
            try:
                result = roster_import.import_roster(upload.read())
            except roster_import.RosterFileError as exc:
                file_error = str(exc)
        if result is not None and result.ok:
            messages.success(
                request,
                _("Import finished: %(c)d students added, %(u)d updated.")
                % {"c": result.created, "u": result.updated},
            )
            return redirect("students:list")
    return render(
        request,
        "students/import.html",
        {"form": form, "result": result, "file_error": file_error},
    )


@login_required
def roster_template(request: HttpRequest) -> HttpResponse:
    request.scope.require_school_leader()
    return xlsx_response(roster_import.template_workbook(), "roster-template.xlsx")
