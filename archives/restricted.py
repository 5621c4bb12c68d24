"""Restricted text on the case pages: who reads the root cause, and the log of what was shown.

The rules themselves are ``school.restricted``; this module applies them to a case.
"""

from __future__ import annotations

from school.restricted import (
    can_read_observation_note,
    can_read_root_cause,
    head_teacher_names,
    is_psychological_note,
    is_restricted_case,
)
from school.scoping import Scope
from students.access_log import What, record_reads

from .models import SupportCase


def log_reads(request, case: SupportCase, entries: list, *, root_cause: bool = False) -> None:
    """One access record per kind of restricted or family data the response shows.

    Timeline plug-ins get no request, so they mark what an entry shows (``reads``)
    and the archive records it here, with one INSERT whatever the number of entries.
    """
    whats = [e.reads for e in entries if e.reads]
    if root_cause and case.root_cause and is_restricted_case(case):
        whats.append(What.ROOT_CAUSE)
    record_reads(request, reads=[(case.student_id, what) for what in whats])


def root_cause_context(scope: Scope, case: SupportCase) -> dict:
    """``can_read_root_cause`` and, for those who may not, whom to ask (the snippet's ``ask``)."""
    readable = can_read_root_cause(scope, case)
    ask = ""
    if not readable:
        class_id = case.student.school_class_id
        ask = head_teacher_names([class_id], case.term).get(class_id, "")
    return {"can_read_root_cause": readable, "root_cause_ask": ask}


def note_context(scope: Scope, case: SupportCase) -> dict:
    """Whether the case's observation notes are psychological, readable, and whom to ask."""
    readable = can_read_observation_note(scope, case)
    ask = ""
    if not readable:
        class_id = case.student.school_class_id
        ask = head_teacher_names([class_id], case.term).get(class_id, "")
    return {
        "notes_visible": readable,
        "notes_restricted": is_psychological_note(case),
        "notes_ask": ask,
    }
