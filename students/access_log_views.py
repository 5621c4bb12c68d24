"""The access log, for school leaders: who read which student's family or restricted data.

Per student and per staff member, paginated, a constant number of queries, and
an Excel export (openpyxl's streaming writer through ``core.xlsx.safe_cell``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.pagination import paginate
from core.xlsx import Sheet, write_workbook, xlsx_file_response
from school.models import User
from school.rules import leaders_only
from school.scoping import ScopedRequest, get_object_in_scope

from .models import AccessRecord, Student


def _records() -> QuerySet:
    return AccessRecord.objects.select_related("user", "student__school_class").order_by(
        "-at", "-id"
    )


def _render(request: HttpRequest, records: QuerySet, *, student=None, staff=None) -> HttpResponse:
    query = ""
    if student is not None:
        query = f"?student={student.pk}"
    elif staff is not None:
        query = f"?user={staff.pk}"
    return render(
        request,
        "students/access_log.html",
        {
            "page": paginate(request, records),
            "student": student,
            "staff": staff,
            "export_query": query,
        },
    )


@login_required
@leaders_only
@require_GET
def access_log(request: ScopedRequest) -> HttpResponse:
    return _render(request, _records())


@login_required
@require_GET
def access_log_student(request: ScopedRequest, student_pk: int) -> HttpResponse:
    scope = request.scope
    student = get_object_in_scope(
        scope.admin_queryset(Student.objects.visible_to(scope)), pk=student_pk
    )
    return _render(request, _records().filter(student=student), student=student)


@login_required
@require_GET
def access_log_staff(request: ScopedRequest, user_pk: int) -> HttpResponse:
    staff = get_object_in_scope(request.scope.admin_queryset(User.objects.all()), pk=user_pk)
    return _render(request, _records().filter(user=staff), staff=staff)


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _export_rows(records: QuerySet) -> Iterator[list]:
    """One row a read, streamed from the database in chunks."""
    what = dict(AccessRecord.What.choices)
    rows = records.values_list(
        "at",
        "user__full_name",
        "user__username",
        "student__student_number",
        "student__name",
        "student__school_class__name",
        "what",
        "address",
    )
    for at, full_name, username, number, name, class_name, kind, address in rows.iterator(
        chunk_size=2000
    ):
        yield [
            timezone.localtime(at).replace(tzinfo=None),
            full_name or username or "",
            username or "",
            number,
            name,
            class_name,
            str(what.get(kind, kind)),
            address or "",
        ]


def _log_sheet(records) -> Sheet:
    """The log as one streamed sheet (rows fetched in chunks, never all at once)."""
    what = dict(AccessRecord.What.choices)
    headers = [
        _("When"),
        _("Staff member"),
        _("Username"),
        _("Student number"),
        _("Student"),
        _("Class"),
        _("What"),
        _("Address"),
    ]
    rows = records.values_list(
        "at",
        "user__full_name",
        "user__username",
        "student__student_number",
        "student__name",
        "student__school_class__name",
        "what",
        "address",
    )

    def lines():
        for at, full_name, username, number, name, class_name, kind, address in rows.iterator(
            chunk_size=2000
        ):
            yield [
                timezone.localtime(at),
                full_name or username or "",
                username or "",
                number,
                name,
                class_name,
                str(what.get(kind, kind)),
                address or "",
            ]

    return Sheet(
        title=_("Access log"),
        headers=headers,
        rows=lines(),
        widths=[17, 12, 12, 14, 10, 16, 14, 16],
    )


@login_required
@leaders_only
@require_GET
def access_log_export(request: ScopedRequest) -> HttpResponseBase:
    """The log (or one student's, or one staff member's) as an Excel workbook."""
    records = _records()
    student_id = _int_param(request, "student")
    user_id = _int_param(request, "user")
    if student_id is not None:
        records = records.filter(student_id=student_id)
    if user_id is not None:
        records = records.filter(user_id=user_id)
    sheet = _log_sheet(records)
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    caption = f"{settings.SCHOOL_NAME or _('Our school')} · {timezone.localtime():%Y-%m-%d %H:%M}"
    write_workbook([sheet], handle, caption=caption)
    handle.seek(0)
    filename = f"bangfu-access-log-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    return xlsx_file_response(handle, filename)
