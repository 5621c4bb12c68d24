"""The roster: lists, the student's profile, edits, status changes and the xlsx import."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import history as change_history
from core.forms import submit
from core.idempotency import create_once
from core.page_cache import kept_page
from core.pagination import first_rows_by, paginate
from core.plugins import student_sections
from core.rows import pk_url
from core.xlsx import xlsx_response
from school.models import Grade
from school.rules import leaders_only
from school.scoping import ScopedRequest, get_object_in_scope

from . import retention, roster_import, services
from .forms import (
    EraseConfirmForm,
    RosterImportForm,
    StatusChangeForm,
    StudentFilterForm,
    StudentForm,
)
from .models import Student

# Student's own order, with its pk last (the pages after the first continue it).
ROSTER_ORDER = ("school_class__grade__level", "school_class__number", "student_number", "pk")


@login_required
@kept_page
def student_list(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    many_classes = scope.filters_by_grade
    form = StudentFilterForm(request.GET or None, classes=scope.classes(), by_grade=many_classes)
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
    students = students.order_by(*ROSTER_ORDER)
    first, total = None, None
    chosen = form.cleaned_data if form.is_valid() else {}
    if many_classes and not chosen.get("school_class") and not chosen.get("grade"):
        # Over many classes (every class of a big school, a grade leader's grade), a long
        # list's first page is read grade by grade (core.pagination.first_rows_by: 0.2 ms
        # at 16,000 pupils, against 3.3 ms sorted whole); a short one, sorted whole.
        total = students.count()
        if total > 2 * settings.PAGE_SIZE:
            first = first_rows_by(
                students, "school_class__grade_id", Grade.ids_in_order(), ROSTER_ORDER[1:]
            )
    page = paginate(request, students, first=first, count=total)
    page.object_list = list(page.object_list)
    detail = pk_url("students:detail")  # (core/rows.py: not a reverse per row)
    for student in page.object_list:
        student.detail_url = detail(student.pk)
    return render(request, "students/student_list.html", {"page": page, "form": form})


@login_required
def student_detail(request: ScopedRequest, student_pk: int) -> HttpResponse:
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
def student_changes(request: ScopedRequest, student_pk: int) -> HttpResponse:
    """修改记录: every change to the student's roster record, field by field."""
    student = get_object_in_scope(Student.objects.visible_to(request.scope), pk=student_pk)
    records = student.history.select_related("history_user").order_by("-history_date")[:500]
    return render(
        request,
        "core/changes.html",
        {
            "title": _("Change history of %(name)s") % {"name": student.shown_name},
            "back": reverse("students:detail", args=[student.pk]),
            "back_label": student.shown_name,
            "changes": change_history.changes(records, Student),
            "created_label": _("Created"),
        },
    )


def _student_page(request: ScopedRequest, form: StudentForm, *, title: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        student = form.save()
        messages.success(request, _("Student saved."))
        return redirect("students:detail", student_pk=student.pk)
    return render(request, "core/form.html", {"form": form, "title": title})


@login_required
@leaders_only
@create_once
def student_create(request: ScopedRequest) -> HttpResponse:
    form = StudentForm(request.POST or None, classes=request.scope.classes())
    return _student_page(request, form, title=_("New student"))


@login_required
def student_edit(request: ScopedRequest, student_pk: int) -> HttpResponse:
    scope = request.scope
    student = get_object_in_scope(scope.admin_queryset(Student.objects.all()), pk=student_pk)
    form = StudentForm(request.POST or None, instance=student, classes=scope.classes())
    return _student_page(request, form, title=_("Edit student"))


@login_required
def student_status(request: ScopedRequest, student_pk: int) -> HttpResponse:
    scope = request.scope
    student = get_object_in_scope(scope.admin_queryset(Student.objects.all()), pk=student_pk)
    form = StatusChangeForm(
        request.POST or None, initial={"status": student.status, "date": student.status_changed_on}
    )
    if request.method == "POST" and form.is_valid():
        changed = submit(
            form,
            services.change_status,
            student=student,
            status=form.cleaned_data["status"],
            on=form.cleaned_data["date"],
            note=form.cleaned_data["note"],
        )
        if changed is not None:
            messages.success(request, _("Status changed."))
            return redirect("students:detail", student_pk=student.pk)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("Change status of %(s)s") % {"s": student}},
    )


@login_required
def student_erase(request: ScopedRequest, student_pk: int) -> HttpResponse:
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


PENDING_IMPORT = "roster_import"


def _read_upload(upload: UploadedFile) -> tuple[roster_import.ImportPreview | None, str | None]:
    """The preview of the uploaded roster; or the reason the file was refused."""
    if (upload.size or 0) > settings.ROSTER_IMPORT_MAX_BYTES:
        mb = settings.ROSTER_IMPORT_MAX_BYTES / 1024 / 1024
        return None, _("The file is too large (at most %(mb).1f MB).") % {"mb": mb}
    try:
        return roster_import.preview_roster(upload.read()), None
    except roster_import.RosterFileError as exc:
        return None, str(exc)


def _show_preview(
    request: ScopedRequest, preview: roster_import.ImportPreview, *, outdated: bool = False
) -> HttpResponse:
    """Keep the checked rows for the confirmation and show what the import would change."""
    token = uuid.uuid4().hex
    request.session[PENDING_IMPORT] = {
        "token": token,
        "rows": preview.rows,
        "digest": roster_import.digest(preview),
    }
    return render(
        request,
        "students/import_preview.html",
        {"preview": preview, "token": token, "outdated": outdated},
    )


@login_required
@leaders_only
@create_once
def roster_import_view(request: ScopedRequest) -> HttpResponse:
    """Upload → preview (nothing written) → confirm or cancel."""
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ("confirm", "cancel"):
        return _confirm_or_cancel(request, action)
    form = RosterImportForm(request.POST or None, request.FILES or None)
    preview, file_error = None, None
    if request.method == "POST" and form.is_valid():
        preview, file_error = _read_upload(form.cleaned_data["file"])
        if preview is not None and preview.ok:
            return _show_preview(request, preview)
    return render(
        request,
        "students/import.html",
        {"form": form, "result": preview, "file_error": file_error},
    )


def _confirm_or_cancel(request: ScopedRequest, action: str) -> HttpResponse:
    pending = request.session.get(PENDING_IMPORT)
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(
            request, _("This preview is no longer current; nothing was imported. Upload again.")
        )
        return redirect("students:import")
    if action == "cancel":
        del request.session[PENDING_IMPORT]
        messages.info(request, _("Import cancelled; nothing was changed."))
        return redirect("students:import")
    accepted = None if request.POST.get("accept_all") else set(request.POST.getlist("accept"))
    try:
        result = roster_import.apply_import(
            rows=pending["rows"], expected_digest=pending["digest"], accepted=accepted
        )
    except roster_import.PreviewOutdated:
        preview = roster_import.plan_rows(roster_import.loaded_rows(pending["rows"]))
        preview.rows = pending["rows"]
        messages.warning(
            request,
            _(
                "The roster changed since the preview; nothing was imported. Check the changes again."
            ),
        )
        return _show_preview(request, preview, outdated=True)
    del request.session[PENDING_IMPORT]
    text = _("Import finished: %(c)d students added, %(u)d updated.") % {
        "c": result.created,
        "u": result.updated,
    }
    if result.skipped:
        text += " " + _(
            "%(s)d changes of name or class were not accepted and were left as they were."
        ) % {"s": result.skipped}
    messages.success(request, text)
    return redirect("students:list")


@login_required
@leaders_only
def roster_template(request: ScopedRequest) -> HttpResponse:
    return xlsx_response(roster_import.template_workbook(), "roster-template.xlsx")
