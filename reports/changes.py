"""The school-wide change log (修改记录) for principals and administrators.

Every change to the roster, the support cases (goals, measures, evidence) and the
family files, newest first, filtered by who, what kind and when; a page runs a
constant number of queries (a few per kind, whatever the number of changes).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, Q
from django.utils.translation import gettext_lazy as _

from archives.models import CaseEvidence, CaseMeasure, SupportCase, SupportGoal
from core import history
from family.models import FamilyProfile, Guardian
from students.models import Student

EXPORT_LIMIT = 20000


@dataclass(frozen=True)
class Kind:
    code: str
    label: object
    model: type[Model]
    student_path: str  # from the history row to the student's id
    only: tuple[str, ...] | None = None


KINDS = [
    Kind("student", _("Roster"), Student, "id"),
    Kind("case", _("Support case"), SupportCase, "student_id"),
    Kind("goal", _("Staged goal"), SupportGoal, "case__student_id"),
    Kind("measure", _("Measure"), CaseMeasure, "case__student_id"),
    Kind("evidence", _("Evidence"), CaseEvidence, "case__student_id"),
    Kind("family", _("Family situation"), FamilyProfile, "student_id"),
    Kind(
        "guardian",
        _("Guardian"),
        Guardian,
        "profile__student_id",
        ("relation", "name", "phone", "lives_with_student", "works_away"),
    ),
]
BY_CODE = {kind.code: kind for kind in KINDS}


@dataclass
class LogFilters:
    user_id: int | None = None
    kind: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None

    def q(self) -> Q:
        q = Q()
        if self.user_id:
            q &= Q(history_user_id=self.user_id)
        if self.start:
            q &= Q(history_date__date__gte=self.start)
        if self.end:
            q &= Q(history_date__date__lte=self.end)
        return q


def _student_ids(kind: Kind, records: list) -> dict[int, int | None]:
    """history id → the student it is about, one query for kinds reached through a case."""
    if kind.student_path == "id":
        return {r.history_id: r.id for r in records}
    if "__" not in kind.student_path:
        return {r.history_id: getattr(r, kind.student_path) for r in records}
    via, _rest = kind.student_path.split("__", 1)
    parent_model = SupportCase if via == "case" else FamilyProfile
    parent_ids = {getattr(r, f"{via}_id") for r in records}
    students = dict(
        parent_model._base_manager.filter(pk__in=parent_ids).values_list("pk", "student_id")
    )
    return {r.history_id: students.get(getattr(r, f"{via}_id")) for r in records}


def changes(filters: LogFilters, limit: int) -> tuple[list[history.Change], dict]:
    """The newest ``limit`` changes that match, each with its student (``students``)."""
    kinds = [BY_CODE[filters.kind]] if filters.kind in BY_CODE else KINDS
    result: list[history.Change] = []
    student_of: dict[tuple, int | None] = {}
    for kind in kinds:
        rows = kind.model.history  # type: ignore[attr-defined]
        newest = list(rows.filter(filters.q()).order_by("-history_date", "-history_id")[:limit])
        if not newest:
            continue
        wanted = {r.history_id for r in newest}
        # The versions before them, to tell what changed (one query).
        ids = {r.id for r in newest}
        latest = max(r.history_date for r in newest)
        versions = list(
            rows.filter(id__in=ids, history_date__lte=latest).select_related("history_user")
        )
        students = _student_ids(kind, newest)
        for change in history.changes(versions, kind.model, only=kind.only):
            if change.key[1] in wanted:
                change.kind = str(kind.label)
                result.append(change)
                student_of[change.key] = students.get(change.key[1])
    result.sort(key=lambda c: c.when, reverse=True)
    return result[:limit], student_of


def student_names(ids) -> dict[int, str]:
    return {
        pk: _("%(name)s (%(number)s)") % {"name": name, "number": number}
        for pk, name, number in Student._base_manager.filter(pk__in=set(ids) - {None}).values_list(
            "pk", "name", "student_number"
        )
    }


def with_students(found: list[history.Change], student_of: dict) -> list[history.Change]:
    names = student_names(student_of.values())
    for change in found:
        student_id = student_of.get(change.key)
        name = names.get(student_id, "—") if student_id is not None else "—"
        change.subject = name + " · " + change.subject
    return found


def kind_choices() -> list[tuple[str, object]]:
    return [(kind.code, kind.label) for kind in KINDS]


Describe = Callable[[history.Change], str]
