"""The support roster: which student receives which measure, since when; and its .xlsx."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.pagination import paginate
from core.text import join_list
from core.xlsx import Sheet, workbook_bytes, xlsx_response
from school.models import Grade
from school.scoping import ScopedRequest

from ..case_forms import RosterFilterForm
from ..models import CaseMeasure, SupportCase


def roster_rows(request: ScopedRequest) -> tuple[RosterFilterForm, QuerySet[CaseMeasure]]:
    scope = request.scope
    form = RosterFilterForm(
        request.GET or None, classes=scope.classes(), grades=Grade.objects.all()
    )
    rows = CaseMeasure.objects.visible_to(scope).filter(
        case__in=SupportCase.objects.for_term(scope.term).open().values("pk")
    )
    if form.is_valid():
        if form.cleaned_data["school_class"]:
            rows = rows.filter(case__student__school_class=form.cleaned_data["school_class"])
        if form.cleaned_data["grade"]:
            rows = rows.filter(case__student__school_class__grade=form.cleaned_data["grade"])
    rows = (
        rows.select_related("measure", "case__student__school_class__grade", "case__subject")
        .prefetch_related("case__responsible_teachers")
        .order_by(
            "case__student__school_class__grade__level",
            "case__student__school_class__number",
            "case__student__student_number",
            "case__subject__order",
            "measure__order",
        )
    )
    return form, rows


@login_required
def support_roster(request: ScopedRequest) -> HttpResponse:
    form, rows = roster_rows(request)
    page = paginate(request, rows)
    return render(
        request,
        "archives/support_roster.html",
        {"form": form, "page": page, "query": request.GET.urlencode()},
    )


@login_required
def support_roster_xlsx(request: ScopedRequest) -> HttpResponse:
    _form, rows = roster_rows(request)
    headers = [
        _("Class"),
        _("Student number"),
        _("Name"),
        _("Subject"),
        _("Measure"),
        _("Responsible teachers"),
        _("Since"),
        _("Note"),
    ]

    def lines():
        for r in rows.iterator(chunk_size=2000):
            yield [
                str(r.case.student.school_class),
                r.case.student.student_number,
                r.case.student.shown_name,
                str(r.case.subject),
                str(r.measure),
                join_list(r.case.responsible_teachers.all()),
                r.since,
                r.note,
            ]

    sheet = Sheet(
        title=_("Support roster"),
        headers=headers,
        rows=lines(),
        widths=[16, 14, 10, 10, 20, 20, 12, 30],
    )
    school = settings.SCHOOL_NAME or _("Our school")
    caption = f"{school} · {request.scope.term or ''} · {timezone.localdate():%Y-%m-%d}"
    return xlsx_response(workbook_bytes([sheet], caption=caption), "support-roster.xlsx")
