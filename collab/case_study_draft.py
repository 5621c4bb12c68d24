"""Bangfu drafts a case study from the archive: the plan's steps, the goal outcomes and a
few representative entries, anonymised (``anonymise.py``); the teacher then edits it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from archives.models import Observation, SupportCase, TutoringSession

from .anonymise import STUDENT, Anonymiser


def draft(case: SupportCase) -> dict:
    """Initial values of the case study form (all text anonymised)."""
    clean = Anonymiser(case)
    level = case.student.school_class.grade.level
    situation = [
        _("%(student)s, grade %(level)d, struggling in %(subject)s (%(month)s).")
        % {
            "student": STUDENT,
            "level": level,
            "subject": case.subject,
            "month": f"{case.identified_on:%Y年%-m月}",
        }
    ]
    if case.how_it_shows:
        situation.append(case.how_it_shows)
    causes = ["、".join(case.causes)]
    if case.difficulty_type:
        causes[0] += f"（{case.get_difficulty_type_display()}）"
    if case.root_cause:
        causes.append(case.root_cause)
    goals = list(case.goals.order_by("step"))
    steps = [f"{g.step}. {g.description}" + (f"：{g.target}" if g.target else "") for g in goals]
    measures = [m.measure.name for m in case.measures.select_related("measure")]
    if measures:
        steps.append(_("Strategies: %(names)s") % {"names": "、".join(measures)})
    results = [
        f"{g.step}. {g.description}：{g.get_outcome_display()}"
        + (f"（{g.outcome_note}）" if g.outcome_note else "")
        for g in goals
        if g.outcome
    ]
    results.append(_("Case status: %(status)s") % {"status": case.get_status_display()})
    notes = list(
        Observation.objects.alive().filter(case=case).exclude(note="").order_by("date")[:40]
    )
    picks = [notes[0], notes[len(notes) // 2], notes[-1]] if len(notes) >= 3 else notes
    sessions = list(TutoringSession.objects.alive().filter(case=case).order_by("-date")[:1])
    entries = [f"{o.date:%Y年%-m月} {o.get_kind_display()}：{o.note}" for o in dict.fromkeys(picks)]
    entries += [f"{s.date:%Y年%-m月} {s.content}：{s.result}" for s in sessions]
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
                "first": goals[0].description if goals else "",
            }
        )[:100],
        "situation": clean("\n".join(situation)),
        "causes_text": clean("\n".join(causes)),
        "steps": clean("\n".join(steps)),
        "results": clean("\n".join(results)),
        "reflection": "",
        "strategies": [m.measure_id for m in case.measures.all()],
    }
