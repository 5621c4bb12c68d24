"""Reads behind the dashboard and the workbook, always from the user's scope.

Support cases are per-subject records: a user sees those ``scope.records()``
gives them. A grade leader also gets the figures of their grade's classes, as
the dashboard promises them "the same for their grade".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from archives.models import SupportCase
from school.reporting import Filters, cases_q_for
from school.scoping import Scope
from students.models import Student


def cases_q(scope: Scope) -> Q:
    return cases_q_for(scope)


def scoped_students(scope: Scope, filters: Filters) -> QuerySet:
    return Student.objects.visible_to(scope).in_school().filter(filters.class_q("school_class"))


@dataclass
class Rate:
    improved: int
    total: int

    @property
    def ratio(self) -> float | None:
        return self.improved / self.total if self.total else None

    @property
    def percent(self) -> float | None:
        return None if self.ratio is None else round(self.ratio * 100, 1)


def improvement_rate(cases: QuerySet) -> Rate:
    """转化率: the share of a term's cases that ended as improved."""
    improved = SupportCase.Status.IMPROVED
    row = cases.aggregate(total=Count("id"), improved=Count("id", filter=Q(status=improved)))
    return Rate(improved=row["improved"], total=row["total"])


def status_counts(cases: QuerySet) -> dict[str, int]:
    counts = dict.fromkeys(SupportCase.Status.values, 0)
    for row in cases.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


STATUS_COUNTS = {
    "cases": Count("id"),
    "students": Count("student", distinct=True),
    # One count per status, keyed by its value ("identified", "in_support", ...).
    **{status.value: Count("id", filter=Q(status=status)) for status in SupportCase.Status},
}


def cases_by(cases: QuerySet, *fields: str) -> list[dict]:
    """Counts per value of ``fields`` (one query): cases, students, and each status."""
    return list(cases.order_by().values(*fields).annotate(**STATUS_COUNTS).order_by(*fields))


def students_by_class(students: QuerySet) -> dict[int, int]:
    return dict(
        students.order_by()
        .values("school_class")
        .annotate(n=Count("id"))
        .values_list("school_class", "n")
    )


def in_school_count(students: QuerySet) -> int:
    return students.filter(status__in=Student.ACTIVE_STATUSES).count()
