"""The caseload by monitoring status: who is on track, below, above, without data, and 落实率.

A teacher sees their cases, an academic director their subject across the school, the
principal the school (the scope decides); counts by status head the list, and school
leaders and directors see them by grade and subject too. A constant number of queries.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.pagination import paginate
from school.models import Subject
from school.scoping import ScopedRequest

from ..models import SupportCase
from ..monitoring import Decision, Status, status_label
from ..monitoring_data import CaseMonitoring, monitoring_for

UNMONITORED = "unmonitored"
NOT_DELIVERED = "not_delivered"  # below the line, and the plan was not delivered

STATUS_ORDER = [Status.BELOW, Status.INSUFFICIENT, Status.ON_TRACK, Status.ABOVE, UNMONITORED]


def status_choices() -> list[tuple[str, object]]:
    return [
        ("", _("All statuses")),
        (Status.BELOW, status_label(Status.BELOW)),
        (NOT_DELIVERED, _("Below, plan not delivered")),
        (Status.ABOVE, status_label(Status.ABOVE)),
        (Status.ON_TRACK, status_label(Status.ON_TRACK)),
        (Status.INSUFFICIENT, status_label(Status.INSUFFICIENT)),
        (UNMONITORED, _("Not monitored")),
    ]


class CaseloadFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), required=False, choices=status_choices)
    subject: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("subject"), required=False, queryset=Subject.objects.none()
    )
    sort = forms.ChoiceField(
        label=_("sort by"),
        required=False,
        choices=[
            ("", _("Status")),
            ("fidelity", _("Share delivered, lowest first")),
            ("class", _("Class")),
        ],
    )

    def __init__(self, *args, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = subjects
        self.fields["subject"].empty_label = _("All subjects")


def row_status(cm: CaseMonitoring) -> str:
    return cm.status or UNMONITORED


def _not_delivered(cm: CaseMonitoring) -> bool:
    v = cm.verdict
    return v is not None and v.decision == Decision.DELIVER_FIRST and v.status == Status.BELOW


def _matches(cm: CaseMonitoring, wanted: str) -> bool:
    if not wanted:
        return True
    if wanted == NOT_DELIVERED:
        return _not_delivered(cm)
    return row_status(cm) == wanted


def _sort_key(sort: str):
    def key(cm: CaseMonitoring):
        s = cm.case.student
        place = (s.school_class.grade.level, s.school_class.number, s.student_number)
        if sort == "fidelity":
            f = cm.fidelity
            strict = f.strict_percent if f is not None else None
            percent = strict if strict is not None else 1000
            return (percent, *place)
        if sort == "class":
            return place
        return (STATUS_ORDER.index(row_status(cm)), *place)

    return key


@login_required
def caseload(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    form = CaseloadFilterForm(request.GET or None, subjects=scope.subjects())
    data = form.cleaned_data if form.is_valid() else {}
    cases = (
        SupportCase.objects.visible_to(scope)
        .filter(term=scope.term)
        .open()
        .prefetch_related("goals")
    )
    if data.get("subject"):
        cases = cases.filter(subject=data["subject"])
    monitored = list(monitoring_for(list(cases)).values())
    counts = Counter(row_status(cm) for cm in monitored)
    not_delivered = sum(1 for cm in monitored if _not_delivered(cm))
    by_group: dict[tuple, Counter] = defaultdict(Counter)
    for cm in monitored:
        grade = cm.case.student.school_class.grade
        by_group[(grade.level, str(grade), str(cm.case.subject))][row_status(cm)] += 1
    rows = sorted(
        (cm for cm in monitored if _matches(cm, data.get("status", ""))),
        key=_sort_key(data.get("sort", "")),
    )
    page = paginate(request, rows)
    return render(
        request,
        "archives/caseload.html",
        {
            "form": form,
            "page": page,
            "counts": [
                (s, status_label(s) if s != UNMONITORED else _("Not monitored"), counts[s])
                for s in STATUS_ORDER
            ],
            "not_delivered": not_delivered,
            "total": len(monitored),
            "groups": [
                (grade, subject, [c[s] for s in STATUS_ORDER])
                for (_level, grade, subject), c in sorted(by_group.items())
            ]
            if scope.school_wide or scope.is_director
            else [],
            "status_order": STATUS_ORDER,
        },
    )
