"""Reasons to put a student on a team meeting's agenda (the ``agenda_flags.py`` plug-in
of collab/agenda.py): plans due for review, 需要调整帮扶措施 decisions of progress
monitoring, archives gone stale (which stand in for a decision where a case is not
monitored), overdue actions.
``flags(*, scope, term, today) -> list[(student id, subject id | None, key, reason)]``,
within the user's scope, in a constant number of queries.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_noop

from core.text import message

from .models import AgreedAction, SupportCase, SupportGoal
from .monitoring import Decision
from .monitoring_data import monitoring_for

REVIEW_AHEAD_DAYS = 7


def flags(*, scope, term, today: datetime.date) -> list[tuple[int, int | None, str, str]]:
    if term is None:
        return []
    cases = SupportCase.objects.visible_to(scope).filter(term=term).open()
    out: list[tuple[int, int | None, str, str]] = []
    goals = (
        SupportGoal.objects.filter(
            case__in=cases.values("pk"),
            outcome="",
            due_on__lte=today + datetime.timedelta(days=REVIEW_AHEAD_DAYS),
        )
        .select_related("case__subject")
        .order_by("case_id", "step")
    )
    seen = set()
    for goal in goals:
        if goal.case_id in seen:
            continue
        seen.add(goal.case_id)
        out.append(
            (
                goal.case.student_id,
                goal.case.subject_id,
                "plan_review",
                message(
                    gettext_noop("%(subject)s: plan step %(step)d due for review (%(date)s)"),
                    subject=goal.case.subject,
                    step=goal.step,
                    date=f"{goal.due_on:%m-%d}",
                ),
            )
        )
    for case in cases.stale(as_of=today):
        out.append(
            (
                case.student_id,
                case.subject_id,
                "stale",
                message(
                    gettext_noop(
                        "%(subject)s: no archive entry for %(days)d days; "
                        "does the support need changing?"
                    ),
                    subject=case.subject,
                    days=(today - case.last_entry_on).days,
                ),
            )
        )
    # Progress monitoring asks to change the support: one batch for every case at once.
    monitored = monitoring_for(list(cases.select_related("student", "subject", "term")))
    for mon in monitored.values():
        verdict = mon.verdict
        if verdict is not None and verdict.decision == Decision.ADJUST:
            out.append(
                (
                    mon.case.student_id,
                    mon.case.subject_id,
                    "adjust",
                    message(
                        gettext_noop("%(subject)s: the support needs changing (%(reason)s)"),
                        subject=mon.case.subject,
                        reason=verdict.reason,
                    ),
                )
            )
    overdue = (
        AgreedAction.objects.visible_to(scope)
        .open()
        .filter(discussion__case__term=term, due_on__lt=today)
        .order_by("due_on")
    )
    for action in overdue:
        case = action.discussion.case
        out.append(
            (
                case.student_id,
                case.subject_id,
                "action_overdue",
                message(
                    gettext_noop(
                        "%(subject)s: action overdue since %(date)s: %(action)s (%(owner)s)"
                    ),
                    subject=case.subject,
                    date=f"{action.due_on:%m-%d}",
                    action=action.description,
                    owner=action.owner,
                ),
            )
        )
    return out
