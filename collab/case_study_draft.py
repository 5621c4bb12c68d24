"""Bangfu drafts a case study from the archive: the plan's steps, the goal outcomes and a
few representative entries, anonymised (``anonymise.py``); the teacher then edits it.
The draft is written in the reader's language (what people wrote stays as written)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from archives.models import Observation, SupportCase, TutoringSession
from core.text import join_list, shown_text

from .anonymise import Anonymiser, month_text, student_code


def _month(date) -> str:
    return month_text(date.year, date.month)


def _labelled(label: str, text: str) -> str:
    """ "label：text" / "label: text"."""
    return f"{label}{pgettext('label separator', ': ')}{text}"


def _bracketed(text: str) -> str:
    """ "（text）" / " (text)"."""
    return f"{pgettext('parenthesis', ' (')}{text}{pgettext('parenthesis', ')')}"


def draft(case: SupportCase) -> dict:
    """Initial values of the case study form (all text anonymised)."""
    clean = Anonymiser(case)
    level = case.student.school_class.grade.level
    situation = [
        _("%(student)s, grade %(level)d, struggling in %(subject)s (%(month)s).")
        % {
            "student": student_code(),
            "level": level,
            "subject": case.subject,
            "month": _month(case.identified_on),
        }
    ]
    if case.how_it_shows:
        situation.append(case.how_it_shows)
    causes = [join_list(case.causes)]
    if case.difficulty_type:
        causes[0] += _bracketed(case.get_difficulty_type_display())
    if case.root_cause:
        causes.append(case.root_cause)
    goals = list(case.goals.order_by("step"))
    steps = [
        _labelled(f"{g.step}. {shown_text(g.description)}", g.target)
        if g.target
        else f"{g.step}. {shown_text(g.description)}"
        for g in goals
    ]
    measures = [str(m.measure) for m in case.measures.select_related("measure")]
    if measures:
        steps.append(_("Strategies: %(names)s") % {"names": join_list(measures)})
    results = [
        _labelled(f"{g.step}. {shown_text(g.description)}", g.get_outcome_display())
        + (_bracketed(g.outcome_note) if g.outcome_note else "")
        for g in goals
        if g.outcome
    ]
    results.append(_("Case status: %(status)s") % {"status": case.get_status_display()})
    notes = list(
        Observation.objects.alive().filter(case=case).exclude(note="").order_by("date")[:40]
    )
    picks = [notes[0], notes[len(notes) // 2], notes[-1]] if len(notes) >= 3 else notes
    sessions = list(TutoringSession.objects.alive().filter(case=case).order_by("-date")[:1])
    entries = [
        _labelled(f"{_month(o.date)} {o.get_kind_display()}", o.note) for o in dict.fromkeys(picks)
    ]
    entries += [_labelled(f"{_month(s.date)} {s.content}", s.result) for s in sessions]
    if entries:
        results.append(_("From the archive:"))
        results += entries
    return {
        "title": clean(
            _("%(type)s, grade %(level)d %(subject)s: %(first)s")
            % {
                "type": case.get_difficulty_type_display() or case.subject,
                "level": level,
                "subject": case.subject,
                "first": shown_text(goals[0].description) if goals else "",
            }
        )[:100],
        "situation": clean("\n".join(situation)),
        "causes_text": clean("\n".join(causes)),
        "steps": clean("\n".join(steps)),
        "results": clean("\n".join(results)),
        "reflection": "",
        "strategies": [m.measure_id for m in case.measures.all()],
    }
