"""Who may see and change what: the one place that answers it.

A user's scope is the union of their roles in the current term:

- subject teacher: the (class, subject) pairs they teach;
- head teacher: everything about their classes, every subject, family included;
- grade leader: the classes of their grade, for homework and load;
- academic director: their subjects, school-wide;
- principal / administrator: everything.

Views build querysets from a `Scope` (``request.scope``, computed once per
request in a constant number of queries) and look single objects up through
it, so anything outside the scope is a 404, never a leak. The roles behind a scope
are cached per user and term until a role changes (``school/scope_cache.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest

from . import scope_cache
from .models import (
    ClassHeadship,
    GradeLeadership,
    SchoolClass,
    Subject,
    SubjectDirectorship,
    TeachingAssignment,
    Term,
    User,
)

# More classes than this in a scope: its lists filter by grade first (Scope.filters_by_grade).
BY_GRADE_OVER = 12


@dataclass(frozen=True)
class Scope:
    user: User
    term: Term | None
    school_wide: bool = False
    teaching: frozenset[tuple[int, int]] = frozenset()  # (class id, subject id)
    headed_class_ids: frozenset[int] = frozenset()
    led_grade_ids: frozenset[int] = frozenset()
    led_class_ids: frozenset[int] = frozenset()  # the classes of the grades led
    directed_subject_ids: frozenset[int] = frozenset()
    # The scope cache's generation the roles were read under ("": not through the cache);
    # higher apps keep their own role data beside them (scope_cache.beside).
    generation: str = field(default="", compare=False)

    # ---- construction -------------------------------------------------------
    @classmethod
    def for_user(cls, user, term: Term | None = None) -> Scope:
        """The user's scope in ``term`` (default: the current term).

        Cached per user and term (school/scope_cache.py) until any role changes."""
        if not scope_cache.enabled():
            if term is None:
                term = Term.objects.current()
            return cls._build(user, term)
        gen = scope_cache.generation()
        reads_roles = getattr(user, "is_authenticated", False) and not user.is_school_leader
        if term is None:
            # The current term and the user's roles in it, in one read of the cache (a new
            # current term replaces the generation, so the roles kept under it are its own).
            term_key = scope_cache.term_key(gen)
            key = scope_cache.current_scope_key(gen, user.pk) if reads_roles else ""
            kept = scope_cache.get_many([term_key, key] if key else [term_key])
            term = kept.get(term_key, scope_cache.MISSING)
            if scope_cache.missing(term):
                term = Term.objects.current()
                scope_cache.put(term_key, term)
        else:
            key = scope_cache.scope_key(gen, user.pk, term.pk) if reads_roles else ""
            kept = {key: scope_cache.get(key)} if key else {}
        if not reads_roles:
            return cls._build(user, term)
        roles = kept.get(key, scope_cache.MISSING)
        if scope_cache.missing(roles):
            roles = cls._roles(user, term)
            scope_cache.put(key, roles)
        return cls(user=user, term=term, generation=gen, **roles)

    @classmethod
    def _build(cls, user, term: Term | None) -> Scope:
        if not getattr(user, "is_authenticated", False):
            return cls(user=user, term=term)
        if user.is_school_leader:
            return cls(user=user, term=term, school_wide=True)
        return cls(user=user, term=term, **cls._roles(user, term))

    @staticmethod
    def _roles(user, term: Term | None) -> dict[str, Any]:
        """What a (not school-wide) user's roles in ``term`` let them see: five queries."""
        teaching: frozenset = frozenset()
        headed: frozenset = frozenset()
        grades: set[int] = set()
        led_classes: frozenset = frozenset()
        if term is not None:
            teaching = frozenset(
                TeachingAssignment.objects.filter(term=term, teacher=user).values_list(
                    "school_class_id", "subject_id"
                )
            )
            headed = frozenset(
                ClassHeadship.objects.filter(term=term, teacher=user).values_list(
                    "school_class_id", flat=True
                )
            )
            grades = set(
                GradeLeadership.objects.filter(term=term, teacher=user).values_list(
                    "grade_id", flat=True
                )
            )
            if grades:
                led_classes = frozenset(
                    SchoolClass.objects.filter(grade_id__in=grades).values_list("id", flat=True)
                )
        directed = frozenset(
            SubjectDirectorship.objects.filter(teacher=user).values_list("subject_id", flat=True)
        )
        return {
            "teaching": teaching,
            "headed_class_ids": headed,
            "led_grade_ids": frozenset(grades),
            "led_class_ids": led_classes,
            "directed_subject_ids": directed,
        }

    # ---- roles ----------------------------------------------------------------
    @property
    def is_authenticated(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    @property
    def is_school_leader(self) -> bool:
        return self.school_wide

    @cached_property
    def signature(self) -> tuple:
        """Everything the roles decide, as one hashable value: the key of fragments that
        depend on nothing but the roles (the navigation menu, ``{% keep_rendered %}``)."""
        user = self.user
        return (
            getattr(user, "pk", None),
            getattr(user, "position", None),
            getattr(user, "is_superuser", False),
            getattr(user, "is_staff", False),
            self.term.pk if self.term else None,
            self.school_wide,
            tuple(sorted(self.teaching)),
            tuple(sorted(self.headed_class_ids)),
            tuple(sorted(self.led_grade_ids)),
            tuple(sorted(self.led_class_ids)),
            tuple(sorted(self.directed_subject_ids)),
        )

    @property
    def is_head_teacher(self) -> bool:
        return bool(self.headed_class_ids)

    @property
    def is_subject_teacher(self) -> bool:
        return bool(self.teaching)

    @property
    def is_grade_leader(self) -> bool:
        return bool(self.led_grade_ids)

    @property
    def is_director(self) -> bool:
        return bool(self.directed_subject_ids)

    @cached_property
    def taught_class_ids(self) -> frozenset[int]:
        return frozenset(class_id for class_id, _subject in self.teaching)

    @cached_property
    def taught_subject_ids(self) -> frozenset[int]:
        return frozenset(subject_id for _class, subject_id in self.teaching)

    def role_names(self) -> list[str]:
        from django.utils.translation import gettext as _

        names = []
        if self.school_wide:
            names.append(str(self.user.get_position_display()))
        if self.directed_subject_ids:
            names.append(_("Academic director"))
        if self.led_grade_ids:
            names.append(_("Grade leader"))
        if self.headed_class_ids:
            names.append(_("Head teacher"))
        if self.teaching:
            names.append(_("Subject teacher"))
        return names

    # ---- classes and students -----------------------------------------------
    @cached_property
    def filters_by_grade(self) -> bool:
        """Many classes (a big school's leader's, or grade leader's): lists filter by grade
        first, the class select then lists the chosen grade's classes only, and long lists
        are read grade by grade — the same size at 40 classes or 400. (Every class of the
        school: one query of at most BY_GRADE_OVER + 1 ids.)"""
        if self.class_ids is not None:
            return len(self.class_ids) > BY_GRADE_OVER
        return len(self.classes().values_list("pk", flat=True)[: BY_GRADE_OVER + 1]) > BY_GRADE_OVER

    @property
    def sees_all_classes(self) -> bool:
        """School leaders and directors (school-wide in their subjects) see every class."""
        return self.school_wide or bool(self.directed_subject_ids)

    @cached_property
    def class_ids(self) -> frozenset[int] | None:
        """The classes this user may see; None means every class."""
        if self.sees_all_classes:
            return None
        return self.taught_class_ids | self.headed_class_ids | self.led_class_ids

    def classes(self) -> QuerySet[SchoolClass]:
        qs = SchoolClass.objects.select_related("grade").filter(is_active=True)
        if self.class_ids is None:
            return qs
        return qs.filter(id__in=self.class_ids)

    def can_see_class(self, class_id: int) -> bool:
        return self.class_ids is None or class_id in self.class_ids

    # ---- subjects ------------------------------------------------------------
    def subjects(self) -> QuerySet[Subject]:
        """The subjects whose records this user works with."""
        if self.school_wide or self.headed_class_ids:
            return Subject.objects.all()
        return Subject.objects.filter(id__in=self.taught_subject_ids | self.directed_subject_ids)

    def subject_ids_for_class(self, class_id: int) -> frozenset[int] | None:
        """The subjects of one class whose records the user may see; None means all."""
        if self.school_wide or class_id in self.headed_class_ids:
            return None
        return self.directed_subject_ids | frozenset(s for c, s in self.teaching if c == class_id)

    # ---- per-subject records (cases, archives, homework marking, evaluations) ----
    def can_see_record(self, class_id: int, subject_id: int) -> bool:
        if self.school_wide or class_id in self.headed_class_ids:
            return True
        return subject_id in self.directed_subject_ids or (class_id, subject_id) in self.teaching

    can_change_record = can_see_record

    def record_q(
        self, class_field: str = "student__school_class", subject_field: str = "subject"
    ) -> Q:
        """A Q for querysets of per-subject records, given the lookups of their class and subject."""
        if self.school_wide:
            return Q()
        q = Q(pk__in=[])
        if self.headed_class_ids:
            q |= Q(**{f"{class_field}__in": self.headed_class_ids})
        if self.directed_subject_ids:
            q |= Q(**{f"{subject_field}__in": self.directed_subject_ids})
        for class_id, subject_id in self.teaching:
            q |= Q(**{class_field: class_id, subject_field: subject_id})
        return q

    def records(
        self,
        queryset: QuerySet,
        class_field: str = "student__school_class",
        subject_field: str = "subject",
    ) -> QuerySet:
        if not self.is_authenticated:
            return queryset.none()
        return queryset.filter(self.record_q(class_field, subject_field))

    # ---- homework (class × subject, plus the grade leader's grade) ----------------
    def homework_q(self, class_field: str = "school_class", subject_field: str = "subject") -> Q:
        q = self.record_q(class_field, subject_field)
        if self.led_class_ids:
            q |= Q(**{f"{class_field}__in": self.led_class_ids})
        return q

    def can_set_homework(self, class_id: int, subject_id: int) -> bool:
        return self.school_wide or (class_id, subject_id) in self.teaching

    # ---- school administration -------------------------------------------------------
    def require_school_leader(self) -> None:
        if not self.school_wide:
            raise PermissionDenied

    def admin_queryset(self, queryset: QuerySet) -> QuerySet:
        """School-structure objects: all for school leaders, none (so 404) for anyone else."""
        return queryset if self.school_wide else queryset.none()


class ScopedRequest(HttpRequest):
    """The request every Bangfu view receives: ``school.middleware`` sets ``scope``.

    For type checking only: annotate views ``request: ScopedRequest``.
    """

    scope: Scope
    user: User


M = TypeVar("M", bound=Model)


def get_object_in_scope(queryset: QuerySet[M], **lookup: Any) -> M:
    """Like get_object_or_404, on a queryset already narrowed to the user's scope."""
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
