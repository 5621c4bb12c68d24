"""Reads about support cases and their archives that views and other apps share.

Staleness itself is ``SupportCase.objects.stale(as_of=...)`` / ``.fresh()`` /
``.with_last_entry()`` and ``case.is_stale()``; this module scopes and groups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from school.models import TeachingAssignment, Term, User
from school.scoping import Scope, ScopedRequest, get_object_in_scope

from .models import SupportCase
from .models.cases import stale_cutoff

__all__ = [
    "case_teacher_ids",
    "cases_of_teacher",
    "get_case",
    "stale_cutoff",
    "teachers_of_class",
]


def get_case(request: ScopedRequest, case_pk: int) -> SupportCase:
    """The case if the user may see it, else 404."""
    return get_object_in_scope(SupportCase.objects.visible_to(request.scope), pk=case_pk)


def teachers_of_class(scope: Scope, class_id: int) -> QuerySet[User]:
    """The class's teachers and head teacher this term: who can be responsible."""
    return User.objects.filter(
        Q(teaching__term=scope.term, teaching__school_class_id=class_id)
        | Q(headships__term=scope.term, headships__school_class_id=class_id)
    ).distinct()


# ---- a case's teachers: its responsible teachers, and whoever teaches its class × subject.


def case_teacher_ids(cases: Iterable[SupportCase], term: Term) -> dict[int, set[int]]:
    """Case pk → ids of the case's teachers. Prefetch ``responsible_teachers`` and
    ``student``; runs one query for the term's teaching assignments."""
    teachers_of = defaultdict(set)  # (class id, subject id) -> teacher ids
    for class_id, subject_id, teacher_id in TeachingAssignment.objects.filter(
        term=term
    ).values_list("school_class_id", "subject_id", "teacher_id"):
        teachers_of[(class_id, subject_id)].add(teacher_id)
    return {
        case.pk: {t.pk for t in case.responsible_teachers.all()}
        | teachers_of[(case.student.school_class_id, case.subject_id)]
        for case in cases
    }


def cases_of_teacher(teacher: User, term: Term) -> QuerySet[SupportCase]:
    """The term's cases of which ``teacher`` is one of the case's teachers."""
    q = Q(responsible_teachers=teacher)
    for class_id, subject_id in TeachingAssignment.objects.filter(
        term=term, teacher=teacher
    ).values_list("school_class_id", "subject_id"):
        q |= Q(student__school_class_id=class_id, subject_id=subject_id)
    ids = SupportCase.objects.filter(term=term).filter(q).values("pk").distinct()
    return SupportCase.objects.filter(pk__in=ids)
