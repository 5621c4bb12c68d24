"""What a report covers (``Filters``), and the scope's reach into per-subject records.

Defined here, below every app, so each app's ``sheets.py`` (core/plugins.py)
filters its own records the way the reports app asks; the form that builds
``Filters`` from a request lives in ``reports/filters.py``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q

from .models import Grade, SchoolClass, Subject, Term
from .scoping import Scope

CASE_CLASS = "student__school_class"


@dataclass(frozen=True)
class Filters:
    term: Term | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    grade: Grade | None = None
    school_class: SchoolClass | None = None
    subject: Subject | None = None

    def to_params(self) -> dict:
        return {
            "term": self.term.pk if self.term else None,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "grade": self.grade.pk if self.grade else None,
            "school_class": self.school_class.pk if self.school_class else None,
            "subject": self.subject.pk if self.subject else None,
        }

    # ---- lookups used by every selector ------------------------------------
    def class_q(self, class_field: str) -> Q:
        q = Q()
        if self.school_class is not None:
            q &= Q(**{class_field: self.school_class.pk})
        if self.grade is not None:
            q &= Q(**{f"{class_field}__grade": self.grade.pk})
        return q

    def subject_q(self, subject_field: str) -> Q:
        if self.subject is None:
            return Q()
        return Q(**{subject_field: self.subject.pk})

    def date_q(self, date_field: str, term_field: str | None = None) -> Q:
        """Records of the term (by their term, or their date within it) and the date range."""
        q = Q()
        if self.term is not None:
            if term_field:
                q &= Q(**{term_field: self.term.pk})
            else:
                q &= Q(
                    **{f"{date_field}__gte": self.term.start, f"{date_field}__lte": self.term.end}
                )
        if self.start is not None:
            q &= Q(**{f"{date_field}__gte": self.start})
        if self.end is not None:
            q &= Q(**{f"{date_field}__lte": self.end})
        return q

    def describe(self) -> str:
        parts = []
        if self.term:
            parts.append(str(self.term))
        if self.start or self.end:
            parts.append(f"{self.start or '…'} – {self.end or '…'}")
        for item in (self.grade, self.school_class, self.subject):
            if item is not None:
                parts.append(str(item))
        return " · ".join(parts)


def records_q(scope: Scope, class_field: str, subject_field: str) -> Q:
    """Per-subject records of classes and subjects in scope, and of a grade leader's grade."""
    q = scope.record_q(class_field, subject_field)
    if scope.led_class_ids:
        q |= Q(**{f"{class_field}__in": scope.led_class_ids})
    return q


def cases_q_for(scope: Scope, prefix: str = "") -> Q:
    """Records of support cases (``prefix`` leads from the record to its case: "case__")."""
    return records_q(scope, f"{prefix}{CASE_CLASS}", f"{prefix}subject")
