"""What the identification form starts with: subject, date and the evidence on record.

The subject is preselected when there is one choice, when the link names it
(``?subject=<pk>``: the early warning and the class pages pass it) or when the user
teaches one subject in the student's class. The evidence is drawn from every app's
timeline entries (``core.plugins``) for the student × subject × term: the scored
entries (evaluations, behind the early warning; scored observations) and the
observations. Restricted or withheld entries are never copied into the form.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from core.plugins import TimelineEntry, collect
from school.models import Subject, Term, today
from school.scoping import Scope
from students.models import Student

from .models import CaseEvidence
from .watch import live_notes_for

RECENT = 3  # entries quoted per evidence source
NOTE_LENGTH = 300  # CauseAnalysisForm's evidence note max_length


def initial_subject(
    scope: Scope, student: Student, subjects: QuerySet[Subject], wanted: str
) -> Subject | None:
    if wanted.isdigit():
        named = subjects.filter(pk=wanted).first()
        if named is not None:
            return named
    choices = list(subjects[:2])
    if len(choices) == 1:
        return choices[0]
    taught = {s for c, s in scope.teaching if c == student.school_class_id}
    if len(taught) == 1:
        return subjects.filter(pk=next(iter(taught))).first()
    return None


def initial_date(term: Term) -> datetime.date:
    """Today, kept inside the term (the rule of ``school.dates.check_identification``)."""
    return min(max(today(), term.start), term.end)


def _quote(entries: list[TimelineEntry], *, with_body: bool) -> str:
    parts = []
    for e in entries[:RECENT]:
        text = f"{e.date:%m-%d} {e.title}"
        if with_body and e.body:
            text += f"：{e.body}"
        parts.append(text)
    note = "；".join(parts)
    return note if len(note) <= NOTE_LENGTH else note[: NOTE_LENGTH - 1] + "…"


def evidence_initial(*, scope: Scope, student: Student, subject: Subject, term: Term) -> dict:
    """Initial values of the form's evidence fields, from the records of the subject."""
    entries = [
        e
        for e in collect(
            "timeline", "entries", scope=scope, student=student, subject=subject, term=term
        )
        if not e.reads and not e.withheld
    ]
    entries.sort(
        key=lambda e: (e.date, e.created_at.timestamp() if e.created_at else 0), reverse=True
    )
    scored = [e for e in entries if e.score_percent is not None]
    observed = [e for e in entries if e.kind == "observation" and e.score_percent is None]
    initial: dict[str, str] = {}
    tests = CaseEvidence.Source.TEST_RESULTS
    if scored:
        initial[f"evidence_{tests}_note"] = _quote(scored, with_body=False)
        initial[f"evidence_{tests}_score"] = f"{scored[0].score_percent:.0f}%"
    # Notes from the watch list (关注) come first: they are why the student is identified.
    watched = [
        TimelineEntry(
            date=n.date,
            kind="observation",
            kind_label=n.get_kind_display(),
            title=n.get_kind_display(),
            body=" · ".join(p for p in [f"{n.rating}/5" if n.rating else "", n.note] if p),
        )
        for n in live_notes_for(student=student, subject=subject, term=term)
    ]
    if watched or observed:
        initial[f"evidence_{CaseEvidence.Source.OBSERVATION}_note"] = _quote(
            watched + observed, with_body=True
        )
    return initial
