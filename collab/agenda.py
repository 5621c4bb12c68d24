"""The agenda of a team meeting, built from every app's ``agenda_flags.py``.

Each app that knows a reason to talk about a student defines
``flags(*, scope, term, today) -> list[(student id, subject id | None, key, reason)]``
(in the user's scope): archives (plans due for review; stale archives, standing in for
需要调整帮扶措施 until progress monitoring decides it; overdue actions), evaluations
(new early-warning flags), family (overdue home visits). The agenda keeps the students
of the meeting's class, grade or subject, one item per student.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from archives.models import SupportCase
from core.plugins import app_modules
from students.models import Student

from .models import TeamMeeting


@dataclass
class AgendaRow:
    student: Student
    case: SupportCase | None
    reasons: list[str] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)


def meeting_students(meeting: TeamMeeting, scope):
    """The students the meeting may discuss: its class or grade, seen by the user."""
    qs = Student.objects.visible_to(scope).in_school()
    if meeting.kind == TeamMeeting.Kind.CLASS:
        qs = qs.filter(school_class_id=meeting.school_class_id)
    elif meeting.kind == TeamMeeting.Kind.GRADE:
        qs = qs.filter(school_class__grade_id=meeting.grade_id)
    return qs


def meeting_cases(meeting: TeamMeeting, scope):
    """The open cases of the meeting's students in its term (and subject), in scope."""
    cases = (
        SupportCase.objects.visible_to(scope)
        .filter(term=meeting.term, student__in=meeting_students(meeting, scope).values("pk"))
        .open()
    )
    if meeting.subject_id:
        cases = cases.filter(subject_id=meeting.subject_id)
    return cases


def all_flags(*, scope, term, today) -> list[tuple[int, int | None, str, str]]:
    found: list[tuple[int, int | None, str, str]] = []
    for _label, module in app_modules("agenda_flags"):
        found += module.flags(scope=scope, term=term, today=today)
    return found


def build(meeting: TeamMeeting, scope, today: datetime.date) -> list[AgendaRow]:
    """One row per flagged student, with the case the flags concern (if any)."""
    student_ids = set(meeting_students(meeting, scope).values_list("pk", flat=True))
    flags = [
        f
        for f in all_flags(scope=scope, term=meeting.term, today=today)
        if f[0] in student_ids and (not meeting.subject_id or f[1] in (None, meeting.subject_id))
    ]
    if not flags:
        return []
    cases_by_student: dict[int, dict[int, SupportCase]] = defaultdict(dict)
    for case in meeting_cases(meeting, scope).filter(student_id__in={f[0] for f in flags}):
        cases_by_student[case.student_id][case.subject_id] = case
    students = Student.objects.select_related("school_class__grade").in_bulk({f[0] for f in flags})
    rows: dict[int, AgendaRow] = {}
    for student_id, subject_id, key, reason in flags:
        cases = cases_by_student.get(student_id, {})
        row = rows.get(student_id)
        if row is None:
            row = rows[student_id] = AgendaRow(student=students[student_id], case=None)
        if row.case is None and cases:
            row.case = cases.get(subject_id) if subject_id else None
            row.case = row.case or next(iter(cases.values()))
        if reason not in row.reasons:
            row.reasons.append(reason)
        row.keys.add(key)
    return sorted(
        rows.values(),
        key=lambda r: (
            r.student.school_class.grade.level,
            r.student.school_class.number,
            r.student.student_number,
        ),
    )
