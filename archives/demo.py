"""A term of archive entries for the demo cases: weekly observations whose ratings
climb slowly, tests with scores, tutoring, a discussion and a mid-term summary.
Some archives stop three weeks ago, so staleness shows."""

from __future__ import annotations

import datetime

from django.utils import timezone

from school.models import today
from students.models import Student

from . import demo_cases, demo_monitoring, demo_strategies
from .models import (
    AgreedAction,
    ArchiveSummary,
    CaseDiscussion,
    Observation,
    SupportCase,
    TutoringSession,
    Watch,
    WatchNote,
)
from .models.cases import refresh_latest_entries

NOTES = {
    Observation.Kind.CLASSROOM: [
        "主动举手回答了一次",
        "听讲比上周专注",
        "小组讨论能参与",
        "走神两次，提醒后改正",
    ],
    Observation.Kind.HOMEWORK: [
        "作业按时完成，字迹工整",
        "基础题全对",
        "订正及时",
        "作业未交，已谈话",
    ],
    Observation.Kind.TEST: ["单元小测", "默写", "口算练习"],
    Observation.Kind.ATTITUDE: ["愿意向老师提问了", "和同桌互助学习", "情绪稳定，自信心增强"],
}
TUTORING = [
    ("面批作业，讲解错题", "能独立订正"),
    ("复习本单元基础知识", "基础题掌握较好"),
    ("讲解答题策略：先做基础题", "能复述方法"),
]


def _seed_watch_list(ctx: dict) -> None:
    """The maths teacher watches two students of 三年级(1)班 who have no case yet."""
    term, teacher = ctx["term"], ctx["users"]["teacher"]
    maths = ctx["subjects"]["maths"]
    if Watch.objects.filter(term=term).exists():
        return
    school_class = next(c for c in ctx["classes"] if c.grade.level == 3 and c.number == 1)
    with_case = SupportCase.objects.filter(term=term, subject=maths).values("student_id")
    students = list(
        Student.objects.in_school()
        .filter(school_class=school_class)
        .exclude(pk__in=with_case)
        .order_by("student_number")[:2]
    )
    last_day = min(today(), term.end)
    for n, student in enumerate(students):
        watch = Watch.objects.create(student=student, subject=maths, term=term, added_by=teacher)
        for weeks, (rating, note) in enumerate([(3, "上课走神，提醒后改正"), (2, "作业未交")]):
            day = last_day - datetime.timedelta(days=7 * weeks + n)
            if day >= term.start:
                WatchNote.objects.create(
                    watch=watch,
                    author=teacher,
                    date=day,
                    kind="classroom",
                    rating=rating,
                    note=note,
                )


def seed(ctx: dict) -> None:
    # The cases first (they were the students app's demo), then their archives.
    demo_cases.seed(ctx)
    _seed_watch_list(ctx)
    demo_monitoring.seed(ctx)
    seed_archives(ctx)
    demo_strategies.seed(ctx)


def seed_archives(ctx: dict) -> None:
    term = ctx["term"]
    if Observation.objects.filter(case__term=term).exists():
        return
    rng = ctx["rng"]
    now = today()
    created = timezone.now()
    cases = list(SupportCase.objects.filter(term=term).select_related("identified_by"))
    observations, sessions, summaries = [], [], []
    discussions: list[tuple[CaseDiscussion, SupportCase]] = []
    last_day = min(now, term.end)  # no entry after the school's today or the term
    for case in cases:
        stop = last_day
        if case.is_open and rng.random() < 0.15:
            stop = last_day - datetime.timedelta(days=rng.randrange(16, 30))  # a stale archive
        rating = rng.choice([1, 2, 2, 3])
        day = case.identified_on
        week = 0
        while day <= stop:
            kind = rng.choice(
                [
                    Observation.Kind.CLASSROOM,
                    Observation.Kind.CLASSROOM,
                    Observation.Kind.HOMEWORK,
                    Observation.Kind.ATTITUDE,
                ]
            )
            if rng.random() < 0.3 and rating < 5:
                rating += 1
            elif rng.random() < 0.12 and rating > 1:
                rating -= 1
            observations.append(
                Observation(
                    case=case,
                    date=day,
                    kind=kind,
                    rating=rating,
                    note=rng.choice(NOTES[kind]),
                    author=case.identified_by,
                    created_at=created,
                )
            )
            if week % 3 == 2 and day + datetime.timedelta(days=1) <= last_day:
                score = min(100, 45 + rating * 8 + rng.randrange(-6, 7))
                observations.append(
                    Observation(
                        case=case,
                        date=day + datetime.timedelta(days=1),
                        kind=Observation.Kind.TEST,
                        score_percent=score,
                        note=rng.choice(NOTES[Observation.Kind.TEST]),
                        author=case.identified_by,
                        created_at=created,
                    )
                )
            if week % 3 == 1 and day + datetime.timedelta(days=2) <= last_day:
                content, result = rng.choice(TUTORING)
                sessions.append(
                    TutoringSession(
                        case=case,
                        date=day + datetime.timedelta(days=2),
                        content=content,
                        result=result,
                        rating=rating,
                        author=case.identified_by,
                        created_at=created,
                    )
                )
            day += datetime.timedelta(days=rng.choice([5, 7, 7, 9]))
            week += 1
        if term.midterm_review <= stop:
            summaries.append(
                ArchiveSummary(
                    case=case,
                    date=term.midterm_review,
                    period_start=case.identified_on,
                    period_end=term.midterm_review,
                    text="半学期以来，学习态度有明显转变，基础题正确率提高。下阶段重点：掌握方法，不惧困难。",
                    author=case.identified_by,
                    created_at=created,
                )
            )
        meet = case.identified_on + datetime.timedelta(days=21)
        if meet <= stop and rng.random() < 0.5:
            discussions.append(
                (
                    CaseDiscussion(
                        case=case,
                        date=meet,
                        ideas="各任课教师交流：课堂多提问、作业分层，家长每周反馈一次。",
                        author=case.identified_by,
                        created_at=created,
                    ),
                    case,
                )
            )
    Observation.objects.bulk_create(observations, batch_size=1000)
    TutoringSession.objects.bulk_create(sessions, batch_size=1000)
    ArchiveSummary.objects.bulk_create(summaries, batch_size=1000)
    CaseDiscussion.objects.bulk_create([d for d, _c in discussions], batch_size=500)
    refresh_latest_entries(
        {o.case_id for o in observations}
        | {s.case_id for s in sessions}
        | {s.case_id for s in summaries}
        | {c.pk for _d, c in discussions}
    )
    through = CaseDiscussion.participants.through
    head_by_class = {
        c_pk: by_subject.get("chinese") for c_pk, by_subject in ctx["teachers_by_class"].items()
    }
    participants, actions = [], []
    for d, case in discussions:
        people = {case.identified_by_id}
        head = head_by_class.get(case.student.school_class_id)
        if head:
            people.add(head.pk)
        participants += [through(casediscussion_id=d.pk, user_id=u) for u in people]
        actions.append(
            AgreedAction(
                discussion=d,
                description="每周一次一对一辅导，面批作业",
                owner_id=case.identified_by_id,
                due_on=d.date + datetime.timedelta(days=14),
                review="done" if d.date + datetime.timedelta(days=14) < now else "",
            )
        )
    through.objects.bulk_create(participants, batch_size=1000)
    AgreedAction.objects.bulk_create(actions, batch_size=1000)
