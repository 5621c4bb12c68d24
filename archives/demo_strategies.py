"""Demo data for the strategy library and followed-up actions (issue 16).

- Last term's closed cases, each with the strategies its plan used, so the library's
  local evidence shows percentages for the strategies used often and 案例不足 for the
  rest; one teacher's proposal waits for the 语文 director.
- Agreed actions of this term: some marked done with a one-line result, some overdue
  for the demo teacher and head teacher (their 我的待办).
"""

from __future__ import annotations

import datetime

from school.models import today
from students.models import Student

from .models import (
    AgreedAction,
    CaseMeasure,
    SupportCase,
    SupportGoal,
    SupportMeasure,
)

# How often each strategy served last term's closed cases, and how often it worked.
USES = {
    "分层作业": (12, 0.75),
    "降低目标初尝成功": (10, 0.8),
    "面批讲评个性化评语": (8, 0.625),
    "一对一辅导": (7, 0.57),
    "同伴互助": (6, 0.5),
    "课后答疑": (5, 0.6),
    "提升目标充分表扬": (4, 0.75),
    "家校合作": (3, 0.67),
    "掌握方法不惧困难": (2, 0.5),
}
RESULTS = ["已面批两次，订正及时", "家访一次，奶奶答应每天检查作业", "结对同学每天一起背单词"]


def seed(ctx: dict) -> None:
    _seed_evidence(ctx)
    _seed_proposal(ctx)
    _seed_followups(ctx)


def _seed_evidence(ctx: dict) -> None:
    prev = ctx["previous_term"]
    if prev is None or CaseMeasure.objects.filter(case__term=prev).exists():
        return
    rng = ctx["rng"]
    strategies = {s.name: s for s in SupportMeasure.objects.filter(name__in=USES)}
    maths = ctx["subjects"]["maths"]
    students = list(
        Student.objects.in_school()
        .exclude(cases__term=prev)
        .order_by("pk")[: max(USES.values())[0] * 2]
    )
    teachers = ctx["teachers_by_class"]
    for n in range(max(u for u, _r in USES.values())):
        if n >= len(students):
            break
        student = students[n]
        used = [name for name, (uses, _r) in USES.items() if n < uses and name in strategies]
        if not used:
            continue
        rate = sum(USES[name][1] for name in used) / len(used)
        worked = rng.random() < rate
        teacher = teachers.get(student.school_class_id, {}).get("maths") or ctx["users"]["teacher"]
        case = SupportCase.objects.create(
            student=student,
            subject=maths,
            term=prev,
            status=SupportCase.Status.IMPROVED if worked else SupportCase.Status.CLOSED,
            closure_reason="" if worked else SupportCase.ClosureReason.OTHER,
            identified_on=prev.start + datetime.timedelta(days=10),
            status_changed_on=prev.end - datetime.timedelta(days=5),
            identified_by=teacher,
            cause_weak_foundation=n % 3 != 2,
            cause_attitude=n % 3 != 0,
            difficulty_type=[
                SupportCase.Type.WEAK_FOUNDATION,
                SupportCase.Type.LOST_INTEREST,
                SupportCase.Type.POOR_STUDY_METHOD,
            ][n % 3],
            root_cause="基础计算不过关，遇到难题就放弃。",
        )
        case.responsible_teachers.set([teacher])
        for step, outcome in enumerate(["met", "met" if worked else "not_met"], start=1):
            SupportGoal.objects.create(
                case=case,
                step=step,
                description=["降低目标，让他初尝成功喜悦", "提升目标，给予充分的表扬"][step - 1],
                due_on=prev.start + datetime.timedelta(days=30 * step),
                outcome=outcome,
            )
        for name in used:
            CaseMeasure.objects.create(
                case=case, measure=strategies[name], since=case.identified_on
            )


def _seed_proposal(ctx: dict) -> None:
    users = ctx["users"]
    proposal, created = SupportMeasure.objects.get_or_create(
        name="晨读十分钟",
        defaults={
            "summary": "每天早读前十分钟，学困生跟读课文，老师当场纠正字音。",
            "steps": "1. 选一段课文；\n2. 老师示范，学生跟读；\n3. 记录每分钟正确字数。",
            "causes": ["weak_foundation"],
            "types": ["weak_foundation"],
            "sessions_per_week": 5,
            "minutes": 10,
            "evidence_kind": SupportMeasure.EvidenceKind.PRACTICE,
            "evidence": "三年级(1)班试行四周，朗读速度普遍提高。",
            "author": users["headteacher"],
            "status": SupportMeasure.Status.PROPOSED,
        },
    )
    if created:
        proposal.subjects.set([ctx["subjects"]["chinese"]])


def _seed_followups(ctx: dict) -> None:
    """Done actions with a result, and overdue ones for the demo logins."""
    term = ctx["term"]
    now = today()
    if AgreedAction.objects.filter(discussion__case__term=term, done_on__isnull=False).exists():
        return
    actions = list(
        AgreedAction.objects.filter(
            discussion__case__term=term, discussion__deleted_at__isnull=True
        )
        .select_related("discussion")
        .order_by("pk")
    )
    rng = ctx["rng"]
    done = []
    for action in actions:
        if action.due_on < now and rng.random() < 0.6:
            action.done_on = max(action.discussion.date, action.due_on - datetime.timedelta(days=2))
            action.done_by_id = action.owner_id
            action.result = rng.choice(RESULTS)
            done.append(action)
    AgreedAction.objects.bulk_update(done, ["done_on", "done_by", "result"], batch_size=500)
    # The demo teacher and head teacher have open actions, one of them overdue.
    users = ctx["users"]
    for user in (users["teacher"], users["headteacher"]):
        mine = [
            a
            for a in AgreedAction.objects.filter(
                discussion__case__term=term, owner=user, done_on__isnull=True
            ).select_related("discussion")[:2]
        ]
        for n, action in enumerate(mine):
            action.review = ""
            action.due_on = max(
                action.discussion.date,
                now - datetime.timedelta(days=3) if n == 0 else now + datetime.timedelta(days=4),
            )
            action.save(update_fields=["review", "due_on"])
