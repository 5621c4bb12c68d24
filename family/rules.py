"""Need-to-know for family data: the one place that answers "who may see what of a family".

Every family view, selector, export and plug-in asks these predicates; no
template or sheet decides on its own.

- **Full family file** (situation flags, guardians with phones, notes, every
  contact with its narrative): the class's head teacher, the principal and the
  administrator (``sees_full_file``).
- **Family summary**: an academic director, only for students with a support
  case in their subject this term: the flags and the contact summaries, with
  phones masked, no free-text family notes and no restricted narrative
  (``family_students`` / ``family_level``).
- **Neutral line**: everyone else who sees the student (subject teacher, grade
  leader) reads only ``NEUTRAL_LINE``: no flag names, anywhere.
- **Restricted free text** (family notes, contact narratives marked restricted,
  psychological observations, the root cause of a psychological-pressure case):
  those without the full file see that a restricted note exists and whom to ask,
  never its text (``reads_restricted``, ``can_read_root_cause``, the snippet
  ``includes/restricted_note.html``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _

# Restricted free text is decided at the lowest layer, so the case pages can ask too.
from school.restricted import (  # noqa: F401  (part of the rules' public face)
    can_read_psychological_note,
    can_read_root_cause,
    head_teacher_names,
    is_restricted_case,
    reads_restricted,
)
from school.scoping import ScopedRequest
from students.models import Student, StudentQuerySet

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)

FULL = "full"
SUMMARY = "summary"
NEUTRAL = "neutral"

NEUTRAL_LINE = _(
    "The head teacher has recorded the family situation; please ask the head teacher "
    "if you need to know."
)


# ---- who sees the whole file -------------------------------------------------------------


def sees_full_file(scope, class_id: int) -> bool:
    """Head teacher of the class, principal, administrator: the same people who read restricted text."""
    return reads_restricted(scope, class_id)


# Who keeps in touch with the family (writes contacts, letters, attendance) = who holds the file.
can_contact = sees_full_file


def require_contact(scope, class_id: int) -> None:
    if not can_contact(scope, class_id):
        raise PermissionDenied


def shows_phone(scope, class_id: int) -> bool:
    return sees_full_file(scope, class_id)


# ---- which students --------------------------------------------------------------------


def _director_case_q(scope, student_field: str = "pk") -> Q:
    """Students with a case this term in a subject the user directs."""
    from archives.models import SupportCase

    if not scope.directed_subject_ids or scope.term is None:
        return Q(pk__in=[])
    cases = SupportCase.objects.filter(
        student=OuterRef(student_field),
        subject_id__in=scope.directed_subject_ids,
        term=scope.term,
    )
    return Q(Exists(cases))


def family_q(scope, class_field: str = "school_class", student_field: str = "pk") -> Q:
    """A Q selecting the rows (students, or records via the two lookups) the user may see family data of."""
    if not scope.is_authenticated:
        return Q(pk__in=[])
    if scope.school_wide:
        return Q()
    q = (
        Q(**{f"{class_field}__in": scope.headed_class_ids})
        if scope.headed_class_ids
        else Q(pk__in=[])
    )
    if scope.directed_subject_ids:
        q |= _director_case_q(scope, student_field)
    return q


def family_students(scope) -> StudentQuerySet:
    """The students whose family data (full or summary) this user may see; others are a 404."""
    if not uses_family_pages(scope):
        return Student.objects.visible_to(scope).none()
    return Student.objects.visible_to(scope).filter(family_q(scope))


def family_level(scope, student) -> str:
    """FULL, SUMMARY or NEUTRAL for one student (at most one query)."""
    if sees_full_file(scope, student.school_class_id):
        return FULL
    if (
        scope.directed_subject_ids
        and Student.objects.visible_to(scope)
        .filter(_director_case_q(scope), pk=student.pk)
        .exists()
    ):
        return SUMMARY
    return NEUTRAL


def sees_flags(level: str) -> bool:
    return level in (FULL, SUMMARY)


def uses_family_pages(scope) -> bool:
    return scope.is_authenticated and (
        scope.school_wide or scope.is_director or scope.is_head_teacher
    )


def family_pages_only(
    view: Callable[Concatenate[ScopedRequest, P], R],
) -> Callable[Concatenate[ScopedRequest, P], R]:
    """For family pages without an object in the URL: 403 for those who use none of them."""

    @wraps(view)
    def wrapped(request: ScopedRequest, *args: P.args, **kwargs: P.kwargs) -> R:
        if not uses_family_pages(request.scope):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def session_q(scope) -> Q:
    """Parent sessions: the whole school's and those of the classes whose family file the user keeps."""
    if not uses_family_pages(scope):
        return Q(pk__in=[])
    if scope.school_wide or scope.is_director:
        return Q()
    return Q(school_class__isnull=True) | Q(school_class__in=scope.headed_class_ids)


def can_create_sessions(scope) -> bool:
    return scope.school_wide or scope.is_head_teacher


def family_classes(scope) -> QuerySet:
    if not uses_family_pages(scope):
        return scope.classes().none()
    if scope.school_wide or scope.is_director:
        return scope.classes()
    return scope.classes().filter(id__in=scope.headed_class_ids)


# ---- what of a contact ------------------------------------------------------------------


def contact_text_visible(scope, contact) -> bool:
    """The narrative of a contact: the file's holders always, a director unless it is restricted."""
    if sees_full_file(scope, contact.student.school_class_id):
        return True
    return not contact.restricted


def contact_details_visible(scope, class_id: int) -> bool:
    """Who took part and the agreed actions: only the holders of the full file."""
    return sees_full_file(scope, class_id)


def mask_phone(phone: str) -> str:
    """138****1234: enough to recognise a number, not to call it."""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"
