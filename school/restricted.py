"""Restricted free text: who may read it, at the lowest layer so every app's pages can ask.

Family notes, contact summaries marked restricted, psychological observations and
the root cause of a psychological-pressure case are restricted: only the class's
head teacher and school leaders read the text. Everyone else in scope sees that
a restricted note exists and whom to ask (the template snippet
``includes/restricted_note.html``), never the text. ``family/rules.py`` builds
the family need-to-know rules on these; the case pages (students/, archives/)
call ``can_read_root_cause`` directly.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import ClassHeadship

PSYCHOLOGICAL_PRESSURE = "psychological_pressure"  # SupportCase.Type.PSYCHOLOGICAL_PRESSURE


def reads_restricted(scope, class_id: int) -> bool:
    """Head teacher of the class, principal, administrator."""
    return scope.is_authenticated and (scope.school_wide or class_id in scope.headed_class_ids)


def is_restricted_case(case) -> bool:
    """A psychological-pressure case's root cause (and psychological notes) are restricted."""
    return case.difficulty_type == PSYCHOLOGICAL_PRESSURE


def can_read_root_cause(scope, case) -> bool:
    """Other root causes follow the case's own scope; this one only the file's holders read."""
    if not is_restricted_case(case):
        return True
    return reads_restricted(scope, case.student.school_class_id)


def can_read_psychological_note(scope, class_id: int) -> bool:
    return reads_restricted(scope, class_id)


def is_psychological_note(case) -> bool:
    """An observation's note is psychological when its case is a psychological-pressure case.

    Observations have no psychological kind: what a teacher notes about a student
    whose difficulty is psychological pressure is about that pressure.
    """
    return is_restricted_case(case)


def can_read_observation_note(scope, case) -> bool:
    return not is_psychological_note(case) or can_read_psychological_note(
        scope, case.student.school_class_id
    )


def ask_message(name: str | None) -> str:
    """The text shown in place of a restricted note (plain text: timelines and workbooks)."""
    if name:
        return _("A restricted note exists; ask %(ask)s (head teacher).") % {"ask": name}
    return _("A restricted note exists; ask the head teacher.")


def head_teacher_names(class_ids, term) -> dict[int, str]:
    """Whom to ask about a restricted note: {class id: head teacher's name} (one query)."""
    if term is None:
        return {}
    return {
        h.school_class_id: str(h.teacher)
        for h in ClassHeadship.objects.filter(term=term, school_class_id__in=set(class_ids))
        .select_related("teacher")
        .order_by("id")
    }
