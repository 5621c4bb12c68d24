"""Demo: after-school groups of grade 3 with four weeks of attendance, and peer pairings.

The teacher's maths classes get a homework-in-school group and a tiered maths group of
their struggling students; three of those have a classmate as peer tutor. Idempotent.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from archives.models import PlannedDose, SupportCase
from school.models import today
from students.models import Student

from .models import AfterSchoolGroup, Attendance, GroupSession, PeerPairing, PeerSession

PRACTICE = ["20 以内进位加法", "乘法口诀", "应用题读题方法", "竖式计算", "错题订正"]
RESULTS = ["全对", "错 1 题，已订正", "速度提高", "需要继续练习"]


def seed(ctx: dict) -> None:
    term = ctx["term"]
    if AfterSchoolGroup.objects.filter(term=term).exists():
        return
    rng = ctx["rng"]
    teacher = ctx["users"]["teacher"]
    maths = ctx["subjects"]["maths"]
    end = min(today(), term.end)
    first = max(term.start, end - datetime.timedelta(days=27))
    classes = [
        c for c in ctx["classes"] if ctx["teachers_by_class"].get(c.pk, {}).get("maths") == teacher
    ][:2]
    for c in classes:
        students = list(
            Student.objects.in_school().filter(school_class=c).order_by("student_number")
        )
        cases = list(
            SupportCase.objects.open()
            .filter(term=term, subject=maths, student__school_class=c)
            .select_related("student")
        )
        homework = AfterSchoolGroup.objects.create(
            term=term,
            name=f"{c} 课后作业辅导",
            kind=AfterSchoolGroup.Kind.HOMEWORK,
            teacher=teacher,
            room=f"{c.grade.level}0{c.number} 教室",
            weekdays=[1, 2, 3, 4, 5],
            starts_at=datetime.time(15, 40),
            minutes=60,
        )
        homework.members.set(students[:24])
        tiered = AfterSchoolGroup.objects.create(
            term=term,
            name=f"{c} 数学分层辅导组",
            kind=AfterSchoolGroup.Kind.TIERED,
            subject=maths,
            teacher=teacher,
            room="数学辅导室",
            weekdays=[2, 4],
            starts_at=datetime.time(16, 40),
            minutes=40,
        )
        tiered.members.set([case.student for case in cases])
        for case in cases[:4]:
            PlannedDose.objects.get_or_create(
                case=case,
                kind=PlannedDose.Kind.AFTERSCHOOL,
                defaults={
                    "sessions_per_week": Decimal(2),
                    "minutes_per_session": 40,
                    "since": first,
                },
            )
        day = first
        while day <= end:
            for group in (homework, tiered):
                if day.isoweekday() not in group.weekdays:
                    continue
                session = GroupSession.objects.create(group=group, date=day, taken_by=teacher)
                rows = []
                for student in group.members.all():
                    present = rng.random() < 0.9
                    done = (
                        present
                        and group.kind == AfterSchoolGroup.Kind.HOMEWORK
                        and rng.random() < 0.8
                    )
                    rows.append(
                        Attendance(
                            session=session, student=student, present=present, homework_done=done
                        )
                    )
                Attendance.objects.bulk_create(rows)
            day += datetime.timedelta(days=1)
        helped = {case.student_id for case in cases}
        tutors = [s for s in students if s.pk not in helped]
        for case, tutor in zip(cases[:3], tutors[-3:], strict=False):
            pairing = PeerPairing.objects.create(
                term=term,
                tutor=tutor,
                tutee=case.student,
                subject=maths,
                starts_on=first,
                sessions_per_week=2,
                teacher=teacher,
            )
            PlannedDose.objects.get_or_create(
                case=case,
                kind=PlannedDose.Kind.PEER,
                defaults={
                    "sessions_per_week": Decimal(2),
                    "minutes_per_session": 15,
                    "since": first,
                },
            )
            session_day = first
            while session_day <= end:
                if session_day.isoweekday() in (1, 4) and rng.random() < 0.85:
                    PeerSession.objects.create(
                        pairing=pairing,
                        date=session_day,
                        practised=rng.choice(PRACTICE),
                        result=rng.choice(RESULTS),
                        author=teacher,
                    )
                session_day += datetime.timedelta(days=1)
