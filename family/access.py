"""Who may see and do what with family data, built on ``request.scope``.

- details (situation, guardians, notes, contacts): ``scope.can_see_family`` —
  the class's head teacher, academic directors, school leaders;
- phone numbers unmasked and writes (contacts, profile, letters, attendance):
  those who contact the family — the class's head teacher and school leaders;
- everyone else who sees the student (a subject teacher) learns only which
  situation flags are set, and that a contact took place.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet


def uses_family_pages(scope) -> bool:
    return scope.is_authenticated and (
        scope.school_wide or scope.is_director or scope.is_head_teacher
    )


def family_students(scope) -> QuerySet:
    """The students whose family details this user may see (everything else is a 404)."""
    if not uses_family_pages(scope):
        return scope.students().none()
    return scope.students().filter(scope.family_class_q("school_class"))


def can_contact(scope, class_id: int) -> bool:
    """The head teacher of the class and school leaders keep in touch with the family."""
    return scope.school_wide or class_id in scope.headed_class_ids


def require_contact(scope, class_id: int) -> None:
    if not can_contact(scope, class_id):
        raise PermissionDenied


def family_classes(scope) -> QuerySet:
    if not uses_family_pages(scope):
        return scope.classes().none()
    if scope.school_wide or scope.is_director:
        return scope.classes()
    return scope.classes().filter(id__in=scope.headed_class_ids)


def mask_phone(phone: str) -> str:
    """138****1234: enough to recognise a number, not to call it."""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"
