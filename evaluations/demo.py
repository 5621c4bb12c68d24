"""Demo: a term of unit evaluations in grade 3 (maths and Chinese) with gaps."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from school.models import today as school_today
from students.models import Student

from .models import (
    Evaluation,
    EvaluationResult,
    Gap,
)

UNITS = ["第一单元测验", "第二单元测验", "第三单元测验", "第四单元测验"]
POINTS = {
    "maths": ["两位数乘法", "估算", "长方形周长", "分数的初步认识", "时分秒换算", "竖式进位"],
    "chinese": ["生字书写", "近义词", "阅读理解", "看图写话", "古诗默写", "标点符号"],
}


def _dates(term, n: int) -> list[datetime.date]:
    """n dates spread over the part of the term that has passed (never in the future)."""
    today = school_today()
    last = max(min(today, term.end), term.start)
    span = (last - term.start).days
    return [term.start + datetime.timedelta(days=span * (i + 1) // (n + 1)) for i in range(n)]


def seed_evaluations(ctx: dict) -> None:
    term = ctx["term"]
    grade = ctx["grades"][3]
    classes = [c for c in ctx["classes"] if c.grade_id == grade.pk]
    if Evaluation.objects.filter(term=term, school_class__in=classes).exists():
        return
    rng = random.Random(20261101)
    dates = _dates(term, len(UNITS) + 1)
    students_by_class: dict[int, list[Student]] = {c.pk: [] for c in classes}
    for s in (
        Student.objects.in_school().filter(school_class__in=classes).order_by("student_number")
    ):
        students_by_class[s.school_class_id].append(s)

    evaluations = []
    for c in classes:
        for code in ("maths", "chinese"):
            teacher = ctx["teachers_by_class"][c.pk][code]
            for i, name in enumerate(UNITS):
                evaluations.append(
                    Evaluation(
                        term=term,
                        school_class=c,
                        subject=ctx["subjects"][code],
                        kind=Evaluation.Kind.UNIT,
                        name=name,
                        date=dates[i],
                        full_marks=Decimal(100),
                        pass_line=Decimal(60),
                        created_by=teacher,
                    )
                )
            evaluations.append(
                Evaluation(
                    term=term,
                    school_class=c,
                    subject=ctx["subjects"][code],
                    kind=Evaluation.Kind.LESSON,
                    name="课堂小练习",
                    date=dates[-1],
                    scale=Evaluation.Scale.LEVEL,
                    created_by=teacher,
                )
            )
    Evaluation.objects.bulk_create(evaluations)

    results, gap_specs = [], []
    for e in evaluations:
        code = "maths" if e.subject_id == ctx["subjects"]["maths"].pk else "chinese"
        students = students_by_class[e.school_class_id]
        # Three weak students a class and subject (different ones per subject).
        offset = 0 if code == "maths" else 3
        weak = {s.pk for s in students[5 + offset : 8 + offset]}
        for s in students:
            if e.scale == Evaluation.Scale.LEVEL:
                level = "D" if s.pk in weak else rng.choice("AABBBC")
                results.append(
                    EvaluationResult(
                        evaluation=e, student=s, level=level, goal_attained=level != "D"
                    )
                )
                continue
            unit = UNITS.index(e.name)
            if s.pk in weak and unit in (1, 2):
                score = rng.randint(38, 57)
            elif s.pk in weak:
                score = rng.randint(55, 72)
            else:
                score = rng.randint(64, 100)
            r = EvaluationResult(
                evaluation=e, student=s, score=Decimal(score), goal_attained=score >= 60
            )
            results.append(r)
            if score < 70:
                gap_specs.append((r, rng.sample(POINTS[code], 2 if score < 60 else 1), e.date))
    EvaluationResult.objects.bulk_create(results, batch_size=1000)
    today = school_today()
    gaps = []
    for r, points, day in gap_specs:
        for p in points:
            due = day + datetime.timedelta(days=14)
            done = due < today and rng.random() < 0.7
            gaps.append(
                Gap(
                    result=r,
                    knowledge_point=p,
                    remediation="课后服务时间个别辅导，配套练习巩固。",
                    due=due,
                    done=done,
                    done_on=due - datetime.timedelta(days=2) if done else None,
                )
            )
    Gap.objects.bulk_create(gaps, batch_size=1000)


def seed(ctx: dict) -> None:
    seed_evaluations(ctx)
