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
    seed_meeting(ctx)
    seed_studies(ctx)


def seed_meeting(ctx: dict) -> None:
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


def seed_studies(ctx: dict) -> None:
    """Two published case studies from improved cases, and one sharing session."""
    from archives.models import SupportCase

    from . import session_services, study_services
    from .case_study_draft import draft
    from .models import CaseStudy, SharingSession

    term = ctx["term"]
    if CaseStudy.objects.exists():
        return
    users = ctx["users"]
    directors = {"chinese": users["director"], "maths": users["director_maths"]}
    studies = []
    cases = (
        SupportCase.objects.filter(
            term=term, status=SupportCase.Status.IMPROVED, subject__code__in=directors
        )
        .select_related("student__school_class__grade", "subject", "identified_by")
        .order_by("subject__code", "pk")
    )
    seen_subjects: set[str] = set()
    for case in cases:
        if case.subject.code in seen_subjects:
            continue
        author_scope = Scope.for_user(case.identified_by, term)
        if not study_services.can_write_from(author_scope, case):
            continue
        texts = draft(case)
        texts.pop("strategies")
        texts["reflection"] = "降低起点、及时表扬比单纯加量更有效；家校配合要具体到每天做什么。"
        study = study_services.write_study(
            scope=author_scope,
            case=case,
            strategies=[m.measure for m in case.measures.select_related("measure")],
            submit_now=True,
            **texts,
        )
        director_scope = Scope.for_user(directors[case.subject.code], term)
        study_services.publish_study(scope=director_scope, study=study)
        studies.append(study)
        seen_subjects.add(case.subject.code)
        if len(studies) == 2:
            break
    if SharingSession.objects.exists() or not studies:
        return
    organiser = Scope.for_user(users["director"], term)
    session_services.save_session(
        scope=organiser,
        date=max(term.start, min(today(), term.end) - datetime.timedelta(days=3)),
        kind=SharingSession.Kind.SHARING,
        topic="学困生转化经验主题分享交流会",
        presenters=[s.author for s in studies],
        attendees=list(meeting_teachers_all(term))[:20],
        case_studies=studies,
        strategies=[m for s in studies for m in s.strategies.all()][:3],
        record="推广“降低目标—提升目标—掌握方法”三步做法；各教研组下月各交一个案例。",
    )


def meeting_teachers_all(term):
    from school.models import User

    return User.objects.filter(teaching__term=term).distinct().order_by("pk")
