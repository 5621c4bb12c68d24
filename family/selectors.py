"""Reads: struggling students and their home-visit status, attendance rates.

A struggling student should have a home visit at least every
``settings.HOME_VISIT_INTERVAL_DAYS`` days (seed 003: monthly). The clock starts
at the last home visit or, if none yet, at the earliest open case's
identification: a student identified yesterday is not overdue.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from archives.models import SupportCase
from school.models import SchoolClass
from students.models import StudentQuerySet

from .models import FamilyContact, ParentSession, SessionAttendance


def interval_days() -> int:
    return settings.HOME_VISIT_INTERVAL_DAYS


def open_cases(term) -> QuerySet:
    return SupportCase.objects.open().filter(term=term)


def struggling(students: StudentQuerySet, term) -> QuerySet:
    """Students (from an already scoped queryset) with an open case this term."""
    return students.in_school().filter(Exists(open_cases(term).filter(student=OuterRef("pk"))))


def with_visit_status(students: StudentQuerySet, term) -> QuerySet:
    """Annotate: last home visit, last contact, contacts this term, the visit clock's start.

    Each figure is a correlated subquery on the student's own rows (the partial index
    ``family_contact_alive`` serves the contacts), so nothing fans
    out: joining every term's contacts with every term's cases multiplied the rows.
    """
    # A withdrawn contact did not happen, as far as the visit clock is concerned.
    contacts = FamilyContact.objects.filter(student=OuterRef("pk"), deleted_at__isnull=True)
    visits = contacts.filter(channel=FamilyContact.Channel.HOME_VISIT)
    in_term = {"date__gte": term.start, "date__lte": term.end}
    cases = open_cases(term).filter(student=OuterRef("pk"))
    return (
        struggling(students, term)
        .annotate(
            last_visit=_latest(visits),
            last_contact=_latest(contacts),
            term_contacts=_count(contacts.filter(**in_term)),
            term_visits=_count(visits.filter(**in_term)),
            identified=Subquery(
                cases.order_by()
                .values("student")
                .annotate(first=Min("identified_on"))
                .values("first")[:1]
            ),
        )
        .annotate(clock=Coalesce("last_visit", "identified"))
    )


def _latest(contacts: QuerySet) -> Subquery:
    return Subquery(contacts.order_by("-date").values("date")[:1])


def _count(contacts: QuerySet) -> Coalesce:
    counted = contacts.order_by().values("student").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def overdue_cutoff(today: datetime.date) -> datetime.date:
    """A student whose visit clock started before this date is overdue."""
    return today - datetime.timedelta(days=interval_days())


def overdue(students: StudentQuerySet, term, today: datetime.date) -> QuerySet:
    return with_visit_status(students, term).filter(clock__lt=overdue_cutoff(today))


def days_overdue(clock: datetime.date | None, today: datetime.date) -> int:
    if clock is None:
        return 0
    return max(0, (today - clock).days - interval_days())


@dataclass
class ClassVisitSummary:
    school_class: Any  # a SchoolClass, or a Grade in a row by grade
    struggling: int = 0
    overdue: int = 0
    visited_this_term: int = 0
    label: str = ""  # str(school_class), set by the view that shows it
    url: str = ""  # the filter it links to, set by the view that shows it


def _clocks(students: StudentQuerySet, term) -> QuerySet:
    """The struggling students among ``students``, annotated with their stored visit clock
    (``VisitClock``: ``stored_clock``, ``stored_visited``).

    A narrow table kept by family/visit_clocks.py: the plan's order is an index scan on
    (term, clock) with a LIMIT and its summaries a count over it, instead of grouping every
    open case and home visit of the scope on each view (at 16,000 pupils, 5,752 struggling
    ones, that was ~40 ms). Same figures as ``with_visit_status``.
    """
    return (
        students.in_school()
        .filter(visit_clocks__term=term)
        .annotate(stored_clock=F("visit_clocks__clock"), stored_visited=F("visit_clocks__visited"))
    )


def plan_order(students: StudentQuerySet, term, overdue_on: datetime.date | None) -> QuerySet:
    """The ids of the struggling students (overdue ones only if ``overdue_on``), in the
    visit plan's order: the clock's start, oldest first, then the student number (unique).
    A queryset: the paginator counts it and reads one page of ids; the page's rows are then
    read for those ids only."""
    clocks = _clocks(students, term)
    if overdue_on is not None:
        clocks = clocks.filter(stored_clock__lt=overdue_cutoff(overdue_on))
    return clocks.order_by("stored_clock", "student_number").values_list("pk", flat=True)


def visit_counts(students: StudentQuerySet, term, today, group: str) -> dict[int, tuple]:
    """``{group: (struggling, overdue, visited this term)}`` of ``students`` (one query).

    ``group`` is a lookup on the student, ``"school_class_id"`` or
    ``"school_class__grade_id"``. Every group is counted, so the figures of the groups a
    list shows add up to the list's length: the visit plan's paginator needs no count.
    """
    rows = (
        _clocks(students, term)
        .order_by()
        .values(group)
        .annotate(
            n=Count("pk"),
            late=Count("pk", filter=Q(stored_clock__lt=overdue_cutoff(today))),
            visits=Count("pk", filter=Q(stored_visited=True)),
        )
        .values_list(group, "n", "late", "visits")
    )
    return {key: (n, late, visits) for key, n, late, visits in rows}


def summaries_of(counts: dict[int, tuple], objects: Iterable) -> list[ClassVisitSummary]:
    """A summary row per class (or grade: ``school_class`` then holds the grade) among
    ``objects`` with struggling students, in their order."""
    rows = []
    for obj in objects:
        n, overdue, visited = counts.get(obj.pk, (0, 0, 0))
        if n:
            rows.append(ClassVisitSummary(obj, n, overdue, visited))
    return rows


def class_summaries(
    students: StudentQuerySet, classes: Iterable[SchoolClass], term, today
) -> list[ClassVisitSummary]:
    """Per class: struggling students, overdue ones, those visited this term (one query).

    Counted over the stored clocks (``_clocks``), grouped by class.
    """
    classes = list(classes)
    if not classes:
        return []
    return summaries_of(visit_counts(students, term, today, "school_class_id"), classes)


@dataclass
class ClassAttendance:
    school_class: object
    recorded: int = 0
    attended: int = 0

    @property
    def rate(self) -> int | None:
        if not self.recorded:
            return None
        return round(100 * self.attended / self.recorded)


def attendance_rates(term, classes: Iterable[SchoolClass]) -> list[ClassAttendance]:
    """Per class: how often struggling students' guardians came, over the term's sessions."""
    rows = (
        SessionAttendance.objects.filter(session__term=term, student__school_class__in=classes)
        .values("student__school_class")
        .annotate(recorded=Count("id"), attended=Count("id", filter=Q(attended=True)))
    )
    counts = {r["student__school_class"]: r for r in rows}
    result = []
    for c in classes:
        r = counts.get(c.pk)
        if r:
            result.append(ClassAttendance(c, r["recorded"], r["attended"]))
    return result


def session_students(session: ParentSession, students: StudentQuerySet) -> QuerySet:
    """The struggling students a session's attendance is kept for, within the user's scope."""
    qs = struggling(students, session.term)
    if session.school_class_id:
        qs = qs.filter(school_class_id=session.school_class_id)
    return qs.order_by("school_class__grade__level", "school_class__number", "student_number")
