"""What the homework pages share: the assignment in scope, the day in the URL."""

from __future__ import annotations

import datetime

from django.http import Http404, QueryDict

from school.models import SchoolClass, Subject, TeachingAssignment
from school.scoping import Scope, ScopedRequest, get_object_in_scope

from .. import forms, selectors
from ..models import Assignment


def parse_day(value: str) -> datetime.date:
    """A date from the URL; anything else, or a date outside 2000–2099, is a 404."""
    try:
        day = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not forms.day_in_range(day):
        raise Http404
    return day


def assignment_in_scope(request: ScopedRequest, assignment_pk: int) -> Assignment:
    """An assignment in scope, withdrawn or not (its page offers the undo); else a 404."""
    return get_object_in_scope(
        selectors.assignments(request.scope, withdrawn=True), pk=assignment_pk
    )


def setter_pairs(scope: Scope) -> list[tuple[str, str]]:
    """The (class, subject) pairs this user sets homework for, as form choices."""
    if scope.school_wide:
        classes = list(SchoolClass.objects.select_related("grade").filter(is_active=True))
        subjects = list(Subject.objects.all())
        return [(f"{c.pk}-{s.pk}", f"{c} · {s}") for c in classes for s in subjects]
    rows = (
        TeachingAssignment.objects.filter(term=scope.term, teacher=scope.user)
        .select_related("school_class__grade", "subject")
        .order_by("school_class__grade__level", "school_class__number", "subject__order")
    )
    return [
        (f"{r.school_class_id}-{r.subject_id}", f"{r.school_class} · {r.subject}") for r in rows
    ]


def typed_minutes(params: QueryDict, level: str) -> int | None:
    value = (params.get(f"{level}_minutes") or "").strip()
    if not value.isdigit():
        return None
    return min(int(value), forms.MAX_MINUTES)
