"""Demo: a team meeting of 三年级(1)班, run from the agenda Bangfu built, its recap saved
into the students' archives (and its actions on the owners' to-do lists)."""

from __future__ import annotations

import datetime

from school.models import ClassHeadship, today
from school.scoping import Scope

from . import services
from .models import TeamMeeting
from .selectors import meeting_teachers

DECISIONS = [
    ("先降低目标，每天练十道口算，做对就表扬", "每天十道口算，当面批改"),
    ("作业分层：只要求完成基础层，周五面批讲评", "每周五面批讲评一次"),
    ("请家长每天签字确认作业完成情况（不批改）", "每周电话联系家长一次"),
]


def seed(ctx: dict) -> None:
    term = ctx["term"]
    head = ctx["users"]["headteacher"]
    headship = ClassHeadship.objects.filter(term=term, teacher=head).first()
    if (
        headship is None
        or TeamMeeting.objects.filter(term=term, school_class=headship.school_class).exists()
    ):
        return
    day = max(term.start, min(today(), term.end) - datetime.timedelta(days=7))
    scope = Scope.for_user(head, term)
    meeting = services.open_meeting(
        scope=scope,
        kind=TeamMeeting.Kind.CLASS,
        school_class=headship.school_class,
        date=day,
        title="期中后学困生帮扶会商",
    )
    teachers = list(meeting_teachers(meeting))
    owners = {t.pk: t for t in teachers}
    items = {}
    for n, item in enumerate(meeting.items.filter(case__isnull=False)[:3]):
        decision, action = DECISIONS[n % len(DECISIONS)]
        owner = owners.get(item.case.identified_by_id if item.case else 0) or head
        items[item.pk] = {
            "decision": decision,
            "new_status": "",
            "remove": False,
            "action_description": action,
            "action_owner": owner,
            "action_due_on": day + datetime.timedelta(days=14),
        }
    services.save_meeting(
        meeting=meeting,
        scope=scope,
        attendees=teachers,
        notes="各任课教师分别介绍了学生近期表现，商定下一阶段措施。",
        items=items,
    )
    services.record_recap(meeting=meeting, scope=scope)
