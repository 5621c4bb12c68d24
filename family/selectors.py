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
from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Q, QuerySet, Subquery
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


def class_summaries(
    students: StudentQuerySet, classes: Iterable[SchoolClass], term, today
) -> list[ClassVisitSummary]:
    """Per class: struggling students, overdue ones, those visited this term (two queries)."""
    cutoff = overdue_cutoff(today)
    by_class = {c.pk: ClassVisitSummary(school_class=c) for c in classes}
    rows = with_visit_status(students, term).values_list("school_class_id", "clock", "term_visits")
    for class_id, clock, term_visits in rows:
        summary = by_class.get(class_id)
        if summary is None:
            continue
        summary.struggling += 1
        if clock is not None and clock < cutoff:
            summary.overdue += 1
        if term_visits:
            summary.visited_this_term += 1
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
