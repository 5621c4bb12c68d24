"""An inspector's read-only drill-down: the records behind one evidence figure.

Only while the round is open, only for the teachers assigned to the inspector (and for
the round's managers); every read is logged in the access log (students/access_log.py).
Family details never appear: the apps' ``evidence.records`` leave them out.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from school.scoping import ScopedRequest, get_object_in_scope
from students.access_log import What, record_access

from .. import rules
from ..selectors import evidence_for, evidence_records, get_round


@login_required
def records(request: ScopedRequest, round_pk: int, teacher_pk: int, evidence_key: str):
    scope = request.scope
    inspection_round = get_round(scope, round_pk)
    teacher = get_object_in_scope(rules.teachers_visible(scope, inspection_round), pk=teacher_pk)
    if not rules.can_drill_down(scope, inspection_round, teacher):
        raise PermissionDenied
    figures = [e for e in evidence_for(inspection_round, teacher) if e.key == evidence_key]
    if not figures:
        raise Http404
    tables = evidence_records(inspection_round, teacher, evidence_key)
    student_ids = sorted({pk for t in tables for pk in t.student_ids})
    record_access(request, students=student_ids, what=What.INSPECTION)
    response: HttpResponse = render(
        request,
        "inspections/records.html",
        {
            "round": inspection_round,
            "teacher": teacher,
            "figures": figures,
            "tables": tables,
        },
    )
    return response
