"""The progress letter: a short, plain-language message to the family, drafted from the records.

It draws on the records: the student's support cases of the term (subject and
status), each case's staged goals (students.SupportGoal), the recent classroom
and homework observations of the progress archive (archives.Observation) and
the latest family contacts (what the family agreed to do). The teacher edits
the draft before sending it.
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from archives.models import Observation, SupportCase, SupportGoal
from core.text import join_list
from school.models import today

from .models import FamilyContact, FamilyProfile

RECENT_DAYS = 30
# The plan's measures a parent hears about, in plain words (the default measures' names).
PARENT_MEASURES = {
    "家校合作": "home",
    "分层作业": "tiered",
    "面批面改": "marking",
    "一对一辅导": "tutoring",
    "同伴互助": "peer",
    "课后答疑": "questions",
    "课后服务辅导组": "after_school",
    "个性化评语": "comments",
}


def pronoun(student) -> str:
    """He or she (他 / 她), by the student's gender."""
    from students.models import Student

    if student.gender == Student.Gender.FEMALE:
        return pgettext("pronoun", "she")
    return pgettext("pronoun", "he")


def plain(text: str, student) -> str:
    """A goal's words for a parent: the pronoun the child's gender asks for."""
    from students.models import Student

    text = text.strip().rstrip("。.；;")
    if student.gender == Student.Gender.FEMALE:
        return re.sub(r"(?<!其)他", "她", text)
    return re.sub(r"(?<!其)她", "他", text)


def met_goals(case) -> list[SupportGoal]:
    return [g for g in case.goals.all() if g.outcome == SupportGoal.Outcome.MET]


def next_goal(case, on: datetime.date) -> SupportGoal | None:
    """The current or next pending step: the first not yet reached whose date has not
    passed (an overdue, unmet step is the teacher's to review, not news for the family)."""
    for goal in case.goals.all():
        if goal.outcome in (SupportGoal.Outcome.MET, SupportGoal.Outcome.NOT_MET):
            continue
        if goal.due_on is not None and goal.due_on < on:
            continue
        return goal
    return None


def goal_words(goal: SupportGoal, student) -> str:
    """What a step means, in plain words: its concrete target, never the plan's step name."""
    if goal.target.strip():
        return plain(goal.target, student)
    return _("the next small step of the plan")


def _goal_lines(case, student, on: datetime.date) -> list[str]:
    name = student.name
    lines = []
    met = met_goals(case)
    if met:
        lines.append(
            _("What went well: %(name)s can now %(goals)s.")
            % {
                "name": name,
                "goals": join_list(goal_words(g, student) for g in met),
            }
        )
    goal = next_goal(case, on) if case.is_open else None
    if goal is not None:
        text = _("What comes next: together we are working on this: %(goal)s")
        if goal.due_on:
            text = _("What comes next: by %(date)s, %(pronoun)s is working towards this: %(goal)s")
        lines.append(
            text
            % {
                "goal": goal_words(goal, student),
                "date": goal.due_on.strftime("%Y-%m-%d") if goal.due_on else "",
                "pronoun": pronoun(student),
            }
            + _(".")
        )
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


def home_help_lines(cases, student) -> list[str]:
    """How to help at home, from the plan's measures the family takes part in."""
    kinds = []
    for case in cases:
        if not case.is_open:
            continue
        for measure in case.measures.all():
            kind = PARENT_MEASURES.get(measure.measure.name)
            if kind and kind not in kinds:
                kinds.append(kind)
    texts = {
        "home": _("- We agreed to work together: a short message each week about how it went."),
        "tiered": _(
            "- The homework is set at a level %(pronoun)s can manage: check that it is finished every day (you do not need to mark it)."
        ),
        "marking": _(
            "- The teacher corrects the homework face to face: ask %(pronoun)s to show you the corrections."
        ),
        "tutoring": _("- %(name)s has one-to-one help at school: ask what was practised that day."),
        "peer": _("- A classmate helps %(name)s: encourage them to study together."),
        "questions": _(
            "- After class %(name)s can ask the teacher questions: encourage %(pronoun)s to do so."
        ),
        "after_school": _(
            "- %(name)s joins the after-school support group: make sure %(pronoun)s attends."
        ),
        "comments": _(
            "- Read the teacher's comments in the exercise books together and praise the progress."
        ),
    }
    values = {"name": student.name, "pronoun": pronoun(student)}
    return [texts[kind] % values for kind in kinds]


def draft(*, student, term, teacher, language: str | None = None) -> str:
    """The letter in ``language`` (default: the school's), whatever the teacher's interface."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return _draft(student=student, term=term, teacher=teacher)


def _draft(*, student, term, teacher) -> str:
    on = today()
    since = on - datetime.timedelta(days=RECENT_DAYS)
    cases = list(
        SupportCase.objects.filter(student=student, term=term)
        .select_related("subject")
        .prefetch_related(
            Prefetch("goals", queryset=SupportGoal.objects.order_by("step")),
            Prefetch(
                "observations",
                queryset=Observation.objects.alive().filter(date__gte=since).order_by("-date"),
            ),
            "measures__measure",
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
        _("Here is a short update from school on how %(name)s has been doing this month.")
        % {"name": name}
    )
    for case in cases:
        if case.status == SupportCase.Status.CLOSED:
            continue
        values = {"name": name, "subject": case.subject.name, "pronoun": pronoun(student)}
        lines.append("")
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
        lines += _goal_lines(case, student, on)
    agreed = next((c for c in contacts if c.family_actions.strip()), None)
    if agreed:
        lines += [""]
        lines.append(
            _("When we spoke on %(date)s, we agreed that at home: %(actions)s")
            % {"date": agreed.date.strftime("%Y-%m-%d"), "actions": agreed.family_actions.strip()}
        )
    lines += ["", _("How you can help at home:")]
    lines += home_help_lines(cases, student)
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
