"""The school-wide change log (修改记录) page and its Excel export: school leaders only."""

from __future__ import annotations

import tempfile

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from core.xlsx import Sheet, write_workbook, xlsx_file_response
from school.forms import DateInput
from school.scoping import ScopedRequest
from students.access_log import What, record_access

from . import changes as log_kinds
from .workbook import school_name

PER_PAGE = 50


class LogFilterForm(forms.Form):
    user = forms.ModelChoiceField(
        label=gettext_lazy("changed by"),
        queryset=get_user_model().objects.order_by("full_name", "username"),
        required=False,
        empty_label=gettext_lazy("Anyone"),
    )
    kind = forms.ChoiceField(label=gettext_lazy("what"), required=False)
    start = forms.DateField(label=gettext_lazy("from"), required=False, widget=DateInput())
    end = forms.DateField(label=gettext_lazy("to"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", gettext_lazy("Everything")), *log_kinds.kind_choices()]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control form-control-sm"

    def filters(self) -> log_kinds.LogFilters:
        if not self.is_bound or not self.is_valid():
            return log_kinds.LogFilters()
        data = self.cleaned_data
        return log_kinds.LogFilters(
            user_id=data["user"].pk if data.get("user") else None,
            kind=data.get("kind") or "",
            start=data.get("start"),
            end=data.get("end"),
        )


def _leaders_only(request: ScopedRequest) -> None:
    if not request.scope.school_wide:
        raise PermissionDenied


def _page_number(request: ScopedRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 1000))
    except ValueError:
        return 1


def _log_family_reads(request: ScopedRequest, found, student_of: dict) -> None:
    """Family files are read here too: the students whose family changes are shown."""
    ids: set[int] = {
        student_id
        for c in found
        if c.key
        and c.key[0] in ("family.FamilyProfile", "family.Guardian")
        and (student_id := student_of.get(c.key)) is not None
    }
    if ids:
        from students.models import Student

        record_access(
            request, students=list(Student.objects.filter(pk__in=ids)), what=What.FAMILY_FILE
        )


@login_required
@require_GET
def change_log(request: ScopedRequest) -> HttpResponse:
    _leaders_only(request)
    form = LogFilterForm(request.GET or None)
    page = _page_number(request)
    found, student_of = log_kinds.changes(form.filters(), PER_PAGE * page + 1)
    has_next = len(found) > PER_PAGE * page
    shown = log_kinds.with_students(found[PER_PAGE * (page - 1) : PER_PAGE * page], student_of)
    _log_family_reads(request, shown, student_of)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/changes.html",
        {
            "form": form,
            "changes": shown,
            "page": page,
            "has_next": has_next,
            "query": query.urlencode(),
            "created_label": _("Created"),
        },
    )


@login_required
@require_GET
def change_log_xlsx(request: ScopedRequest) -> HttpResponseBase:
    _leaders_only(request)
    form = LogFilterForm(request.GET or None)
    found, student_of = log_kinds.changes(form.filters(), log_kinds.EXPORT_LIMIT)
    found = log_kinds.with_students(found, student_of)
    _log_family_reads(request, found, student_of)

    def rows():
        for change in found:
            lines = change.changes or [None]
            for line in lines:
                yield (
                    change.when,
                    change.who,
                    change.what,
                    change.kind,
                    change.subject,
                    line.label if line else "",
                    line.old if line else "",
                    line.new if line else "",
                    change.reason,
                )

    sheet = Sheet(
        title=_("Change log"),
        headers=[
            _("When"),
            _("Who"),
            _("What"),
            _("Kind"),
            _("About"),
            _("Field"),
            _("Before"),
            _("After"),
            _("Reason"),
        ],
        rows=rows(),
        widths=[17, 10, 8, 12, 30, 14, 30, 30, 12],
    )
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_workbook([sheet], handle, caption=school_name())
    handle.seek(0)
    name = f"{school_name()}-{_('change log')}-{timezone.localtime():%Y%m%d}.xlsx"
    return xlsx_file_response(handle, name)
