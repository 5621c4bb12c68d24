"""Reads behind the dashboard and the workbook, always from the user's scope.

Support cases are per-subject records: a user sees those ``scope.records()``
gives them. A grade leader also gets the figures of their grade's classes, as
the dashboard promises them "the same for their grade".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from archives.models import SupportCase, SupportCaseQuerySet
from school.models import Term
from school.scoping import Scope
from students.models import Student

from .filters import Filters

CASE_CLASS = "student__school_class"


def cases_q_for(scope: Scope, prefix: str = "") -> Q:
    """Records of support cases (``prefix`` leads from the record to its case: "case__")."""
    class_field = f"{prefix}{CASE_CLASS}"
    q = scope.record_q(class_field, f"{prefix}subject")
    if scope.led_class_ids:
        q |= Q(**{f"{class_field}__in": scope.led_class_ids})
    return q


def records_q(scope: Scope, class_field: str, subject_field: str) -> Q:
    """Per-subject records of classes and subjects in scope, and of a grade leader's grade."""
    q = scope.record_q(class_field, subject_field)
    if scope.led_class_ids:
        q |= Q(**{f"{class_field}__in": scope.led_class_ids})
    return q


def cases_q(scope: Scope) -> Q:
    return cases_q_for(scope)


def scoped_cases(
    scope: Scope, filters: Filters, *, term: Term | None = None
) -> SupportCaseQuerySet:
    """The support cases in scope and filters; ``term`` replaces the filters' term."""
    if not scope.is_authenticated:
        return SupportCase.objects.none()
    qs = SupportCase.objects.filter(cases_q(scope))
    qs = qs.filter(filters.class_q(CASE_CLASS), filters.subject_q("subject"))
    term = term or filters.term
    if term is not None:
        qs = qs.filter(term=term)
    if filters.start is not None:
        qs = qs.filter(identified_on__gte=filters.start)
    if filters.end is not None:
        qs = qs.filter(identified_on__lte=filters.end)
    return qs


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
