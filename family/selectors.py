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

from django.conf import settings
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
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
    school_class: object
    struggling: int = 0
    overdue: int = 0
    visited_this_term: int = 0
    label: str = ""  # str(school_class), set by the view that shows it


def _clocks(students: StudentQuerySet, term) -> tuple[str, list]:
    """SQL of each struggling student's ``id, school_class_id, student_number, clock,
    term_visits`` (as ``with_visit_status``), and its parameters.

    The open cases and the home visits are each grouped by student once and joined to the
    scoped students: over a whole school that is far cheaper than correlated subqueries
    per student (at 16,000 pupils, 5,752 struggling ones).
    """
    pupils_sql, pupils_params = (
        students.in_school()
        .order_by()
        .values("id", "school_class_id", "student_number")
        .query.sql_with_params()
    )
    cases_sql, cases_params = (
        open_cases(term)
        .order_by()
        .values("student_id")
        .annotate(first_identified=Min("identified_on"))
        .values("student_id", "first_identified")
        .query.sql_with_params()
    )
    visits_sql, visits_params = (
        FamilyContact.objects.filter(
            deleted_at__isnull=True, channel=FamilyContact.Channel.HOME_VISIT
        )
        .order_by()
        .values("student_id")
        .annotate(
            last_visit=Max("date"),
            term_visits=Count("pk", filter=Q(date__gte=term.start, date__lte=term.end)),
        )
        .values("student_id", "last_visit", "term_visits")
        .query.sql_with_params()
    )
    sql = f"""
        SELECT p.id, p.school_class_id, p.student_number,
               COALESCE(v.last_visit, c.first_identified) AS clock,
               COALESCE(v.term_visits, 0) AS term_visits
        FROM ({pupils_sql}) p
        INNER JOIN ({cases_sql}) c ON c.student_id = p.id
        LEFT OUTER JOIN ({visits_sql}) v ON v.student_id = p.id
    """
    return sql, [*pupils_params, *cases_params, *visits_params]


def plan_order(students: StudentQuerySet, term, overdue_on: datetime.date | None) -> list[int]:
    """The ids of the struggling students (overdue ones only if ``overdue_on``), in the
    visit plan's order: the clock's start, oldest first and none last, then the student
    number (unique). One query; the page's rows are then read for those ids only."""
    clocks, params = _clocks(students, term)
    where = ""
    if overdue_on is not None:
        where = "WHERE s.clock < %s"
        params = [*params, overdue_cutoff(overdue_on)]
    sql = f"""
        SELECT s.id FROM ({clocks}) s {where}
        ORDER BY CASE WHEN s.clock IS NULL THEN 1 ELSE 0 END, s.clock, s.student_number
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def class_summaries(
    students: StudentQuerySet, classes: Iterable[SchoolClass], term, today
) -> list[ClassVisitSummary]:
    """Per class: struggling students, overdue ones, those visited this term (two queries).

    Counted in SQL, grouped by class (``_clocks``), instead of four correlated subqueries
    per struggling student and a row per student back to Python (at 16,000 pupils:
    105 ms → a few ms). Same figures as ``with_visit_status``.
    """
    by_class = {c.pk: ClassVisitSummary(school_class=c) for c in classes}
    if not by_class:
        return []
    clocks, params = _clocks(students, term)
    sql = f"""
        SELECT s.school_class_id, COUNT(*),
               SUM(CASE WHEN s.clock < %s THEN 1 ELSE 0 END),
               SUM(CASE WHEN s.term_visits > 0 THEN 1 ELSE 0 END)
        FROM ({clocks}) s
        GROUP BY s.school_class_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [overdue_cutoff(today), *params])
        rows = cursor.fetchall()
    for class_id, n, overdue, visited in rows:
        summary = by_class.get(class_id)
        if summary is not None:
            summary.struggling, summary.overdue, summary.visited_this_term = n, overdue, visited
    return [s for s in by_class.values() if s.struggling]


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
