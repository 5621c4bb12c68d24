"""A week at a glance: a class × subject grid, students as rows and school days as columns.

Each cell holds the day's observations as coloured dots (the rating); tapping a dot
shows its note, with links to correct it (the archive's own correction, which keeps
history) or trace its history. An empty cell of a student with an open case offers
a one-tap rating that posts to the archive's own ``observation_add`` (create-once).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from school.models import SchoolClass, Subject, today
from school.restricted import (
    ask_message,
    can_read_observation_note,
    head_teacher_names,
    is_psychological_note,
)
from school.scoping import Scope, ScopedRequest, get_object_in_scope
from students.access_log import What, record_reads
from students.models import Student

from ..models import Observation, SupportCase
from ..rules import can_correct_entry

SCHOOL_DAYS = 5  # Monday to Friday; a weekend column appears only when it holds entries.
EARLIEST, LATEST = datetime.date(1900, 1, 8), datetime.date(2999, 12, 24)


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def parse_week(value: str | None) -> datetime.date | None:
    """The Monday of the week holding ``value`` (YYYY-MM-DD), or None if it is no date."""
    if not value:
        return None
    try:
        day = datetime.date.fromisoformat(value.strip())
    except ValueError:
        return None
    if not EARLIEST <= day <= LATEST:  # 0001-01-01 or 9999-12-31 would overflow the week
        return None
    return monday_of(day)


@dataclass
class Dot:
    observation: Observation
    note: str  # the note, or whom to ask when it is restricted
    restricted: bool
    correctable: bool

    @property
    def rating_class(self) -> str:
        return f"wg-r{self.observation.rating or 0}"


@dataclass
class Cell:
    day: datetime.date
    addable: bool  # the day may take a new entry: in the term and not after today
    dots: list[Dot] = field(default_factory=list)


@dataclass
class Row:
    student: Student
    open_case: SupportCase | None
    cells: list[Cell] = field(default_factory=list)


def _cases(scope: Scope, school_class: SchoolClass, subject: Subject) -> list[SupportCase]:
    """This term's cases of the class × subject, any status (closed ones keep their notes)."""
    return list(
        SupportCase.objects.filter(
            term=scope.term, student__school_class=school_class, subject=subject
        ).select_related("student")
    )


def week_rows(
    request: ScopedRequest,
    school_class: SchoolClass,
    subject: Subject,
    days: list[datetime.date],
) -> tuple[list[Row], list[datetime.date]]:
    """The grid's rows and its day columns (weekend days only when they hold entries)."""
    scope = request.scope
    cases = {case.pk: case for case in _cases(scope, school_class, subject)}
    week_end = days[0] + datetime.timedelta(days=6)
    observations = list(
        Observation.objects.alive()
        .filter(case_id__in=list(cases), date__range=(days[0], week_end))
        .order_by("date", "created_at")
    )
    shown_days = list(days)
    for obs in observations:
        if obs.date not in shown_days:
            shown_days.append(obs.date)
    shown_days.sort()
    column = {day: i for i, day in enumerate(shown_days)}

    students = list(
        Student.objects.visible_to(scope)
        .in_school()
        .filter(school_class=school_class)
        .order_by("student_number")
    )
    term = scope.term
    writable = scope.can_change_record(school_class.pk, subject.pk)

    def addable(day: datetime.date) -> bool:
        return writable and term is not None and term.start <= day <= min(term.end, today())

    by_student = {
        s.pk: Row(
            student=s,
            open_case=None,
            cells=[Cell(day=day, addable=addable(day)) for day in shown_days],
        )
        for s in students
    }
    for case in cases.values():
        if case.is_open and case.student_id in by_student:
            by_student[case.student_id].open_case = case

    ask = None
    psychological_reads = []
    for obs in observations:
        case = cases[obs.case_id]
        if case.student_id not in by_student:
            continue  # left the class or the school
        row = by_student[case.student_id]
        readable = can_read_observation_note(scope, case)
        if readable:
            note = obs.note
            if obs.note and is_psychological_note(case):
                psychological_reads.append((case.student_id, What.PSYCHOLOGICAL))
        else:
            if ask is None:  # one query, only when some note is withheld
                names = head_teacher_names([school_class.pk], scope.term)
                ask = ask_message(names.get(school_class.pk))
            note = ask if obs.note else ""
        row.cells[column[obs.date]].dots.append(
            Dot(
                observation=obs,
                note=note,
                restricted=not readable,
                correctable=can_correct_entry(request.user, obs),
            )
        )
    record_reads(request, reads=psychological_reads)
    return list(by_student.values()), shown_days


@login_required
def week_grid(request: ScopedRequest, class_pk: int, subject_pk: int) -> HttpResponse:
    scope = request.scope
    school_class = get_object_in_scope(scope.classes(), pk=class_pk)
    subject = get_object_in_scope(Subject.objects.all(), pk=subject_pk)
    if not scope.can_see_record(school_class.pk, subject.pk):
        raise Http404
    this_week = monday_of(today())
    raw = request.GET.get("week")
    monday = parse_week(raw)
    if monday is None:
        if raw:
            messages.warning(
                request,
                _("“%(value)s” is not a date (YYYY-MM-DD); showing this week.") % {"value": raw},
            )
        monday = this_week
    days = [monday + datetime.timedelta(days=i) for i in range(SCHOOL_DAYS)]
    rows, shown_days = week_rows(request, school_class, subject, days)
    here = reverse("archives:week_grid", args=[school_class.pk, subject.pk])
    week_param = f"?week={monday.isoformat()}"
    return render(
        request,
        "archives/week_grid.html",
        {
            "school_class": school_class,
            "subject": subject,
            "rows": rows,
            "days": shown_days,
            "monday": monday,
            "sunday": monday + datetime.timedelta(days=6),
            "previous_week": monday - datetime.timedelta(days=7),
            "next_week": monday + datetime.timedelta(days=7),
            "this_week": this_week,
            "is_this_week": monday == this_week,
            "today": today(),
            "here": here + week_param,
            "can_add": scope.can_change_record(school_class.pk, subject.pk),
            "classroom": Observation.Kind.CLASSROOM,
        },
    )
