"""The progress letter: a short, plain-language message to the family, drafted from the records.

It draws on the records: the student's support cases of the term (subject and
status), each case's staged goals (students.SupportGoal), the recent classroom
and homework observations of the progress archive (archives.Observation) and
the latest family contacts (what the family agreed to do). The teacher edits
the draft before sending it.
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from archives.models import Observation, SupportCase, SupportGoal
from school.models import today

from .models import FamilyContact, FamilyProfile

RECENT_DAYS = 30


def _goal_lines(case, name: str) -> list[str]:
    goals = list(case.goals.all())
    met = [g for g in goals if g.outcome == SupportGoal.Outcome.MET]
    pending = [g for g in goals if g.outcome != SupportGoal.Outcome.MET]
    lines = []
    if met:
        lines.append(
            _("%(name)s has already reached: %(goals)s.")
            % {"name": name, "goals": "; ".join(g.description for g in met)}
        )
    if pending and case.is_open:
        lines.append(_("Our next goal: %(goal)s.") % {"goal": pending[0].description})
    return lines


def _observation_lines(case, name: str) -> list[str]:
    observations = list(case.observations.all())
    ratings = [o.rating for o in observations if o.rating]
    lines = []
    if ratings:
        average = sum(ratings) / len(ratings)
        if average >= 4:
            text = _("In class and in homework, %(name)s has been doing well lately.")
        elif average >= 3:
            text = _("In class and in homework, %(name)s has been steady lately.")
        else:
            text = _(
                "In class and in homework, %(name)s still finds it hard, and we keep at it together."
            )
        lines.append(text % {"name": name})
    scored = next((o for o in observations if o.score_percent is not None), None)
    if scored:
        lines.append(
            _("Latest test or quiz (%(date)s): %(score)s%%.")
            % {
                "date": scored.date.strftime("%Y-%m-%d"),
                "score": f"{float(scored.score_percent):g}",
            }
        )
    return lines


def draft(*, student, term, teacher) -> str:
    since = today() - datetime.timedelta(days=RECENT_DAYS)
    cases = list(
        SupportCase.objects.filter(student=student, term=term)
        .select_related("subject")
        .prefetch_related(
            Prefetch("goals", queryset=SupportGoal.objects.order_by("step")),
            Prefetch(
                "observations",
                queryset=Observation.objects.alive().filter(date__gte=since).order_by("-date"),
            ),
        )
        .order_by("subject__order")
    )
    contacts = list(
        FamilyContact.objects.alive()
        .filter(student=student, is_progress_letter=False)
        .order_by("-date", "-created_at")[:3]
    )
    profile = FamilyProfile.objects.filter(student=student).first()
    name = student.name
    lines = [_("Dear parent of %(name)s,") % {"name": name}, ""]
    lines.append(
        _("Here is a short update from school on how %(name)s has been doing recently.")
        % {"name": name}
    )
    for case in cases:
        if case.status == SupportCase.Status.CLOSED:
            continue
        values = {"name": name, "subject": case.subject.name}
        if case.status == SupportCase.Status.IMPROVED:
            lines.append(
                _(
                    "In %(subject)s, %(name)s has made clear progress and no longer needs extra support. Well done!"
                )
                % values
            )
        elif case.status == SupportCase.Status.IN_SUPPORT:
            lines.append(
                _(
                    "In %(subject)s, %(name)s is getting extra help from the teacher and is working on the basics step by step."
                )
                % values
            )
        elif case.status == SupportCase.Status.IDENTIFIED:
            lines.append(
                _(
                    "In %(subject)s, we have noticed that %(name)s needs some extra help, and the teacher is making a plan."
                )
                % values
            )
        if case.is_open:
            lines += _observation_lines(case, name)
        lines += _goal_lines(case, name)
    agreed = next((c for c in contacts if c.family_actions.strip()), None)
    if agreed:
        lines.append(
            _("When we spoke on %(date)s, we agreed that at home: %(actions)s")
            % {"date": agreed.date.strftime("%Y-%m-%d"), "actions": agreed.family_actions.strip()}
        )
    lines += ["", _("How you can help at home:")]
    lines.append(
        _(
            "- Keep a fixed, quiet time for homework every day and check that it is finished (you do not need to mark it)."
        )
    )
    lines.append(_("- Praise effort and small steps forward; ask what was learnt today."))
    if profile and profile.left_behind:
        lines.append(
            _(
                "- If you work away from home, a short call each week to talk about school means a lot."
            )
        )
    lines.append(_("- Tell me whenever you notice a change, good or worrying."))
    lines += ["", _("Thank you for working with us."), str(teacher)]
    return "\n".join(lines)
