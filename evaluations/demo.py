"""Demo: a term of unit evaluations in grade 3 (maths and Chinese) with gaps, and
finalized maths inspection rounds (last term's end-of-term, this term's mid-term)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from school.models import TeachingAssignment
from students.models import Student

from .models import (
    ChecklistItem,
    Evaluation,
    EvaluationResult,
    EvaluationSettings,
    Gap,
    InspectionResult,
    InspectionRound,
    ItemScore,
    RoundItem,
)

UNITS = ["第一单元测验", "第二单元测验", "第三单元测验", "第四单元测验"]
POINTS = {
    "maths": ["两位数乘法", "估算", "长方形周长", "分数的初步认识", "时分秒换算", "竖式进位"],
    "chinese": ["生字书写", "近义词", "阅读理解", "看图写话", "古诗默写", "标点符号"],
}
PROBLEMS = [
    ("面批记录偏少，个性化评语较笼统。", "每周至少面批学困生两次，评语写具体。"),
    ("学困生档案阶段小结未及时填写。", "月底前补齐阶段小结，并与家长沟通。"),
    ("作业分层设计不够明显。", "下阶段每课设计基础、提高两层作业。"),
    ("", ""),
    ("", ""),
]


def _dates(term, n: int) -> list[datetime.date]:
    """n dates spread over the part of the term that has passed (never in the future)."""
    today = timezone.localdate()
    last = min(max(today, term.start + datetime.timedelta(days=n * 7)), term.end)
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
    today = timezone.localdate()
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


def _round(*, term, kind, subject, due, creator, teachers, inspectors, rng) -> None:
    if InspectionRound.objects.filter(term=term, kind=kind, subject=subject).exists():
        return
    settings = EvaluationSettings.load()
    r = InspectionRound.objects.create(
        term=term,
        kind=kind,
        subject=subject,
        due=due,
        max_score=settings.inspection_max_score,
        created_by=creator,
        status=InspectionRound.Status.FINALIZED,
        finalized_by=creator,
        finalized_at=timezone.now(),
        review_note="整体规范，作业批改落实较好；学困生档案仍需加强过程记录。",
    )
    r.teachers.set(teachers)
    r.inspectors.set(inspectors)
    items = RoundItem.objects.bulk_create(
        RoundItem(
            round=r,
            area=i.area,
            name=i.name,
            description=i.description,
            weight=i.weight,
            order=i.order,
        )
        for i in ChecklistItem.objects.filter(is_active=True)
    )
    total_weight = sum(i.weight for i in items)
    results, scores = [], []
    for n, t in enumerate(teachers):
        problems, follow_up = PROBLEMS[n % len(PROBLEMS)]
        item_scores = {i.pk: Decimal(rng.choice([6, 7, 7, 8, 8, 8, 9, 9, 10])) for i in items}
        total = sum(item_scores[i.pk] / r.max_score * i.weight for i in items)
        res = InspectionResult(
            round=r,
            teacher=t,
            inspector=[i for i in inspectors if i != t][n % (len(inspectors) - 1)],
            problems=problems,
            follow_up=follow_up,
            total_percent=(total / total_weight * 100).quantize(Decimal("0.1")),
        )
        results.append(res)
        for i in items:
            comment = "" if item_scores[i.pk] >= 8 else "有待改进"
            scores.append(ItemScore(result=res, item=i, score=item_scores[i.pk], comment=comment))
    InspectionResult.objects.bulk_create(results)
    ItemScore.objects.bulk_create(scores)


def seed_inspections(ctx: dict) -> None:
    term, previous = ctx["term"], ctx["previous_term"]
    maths = ctx["subjects"]["maths"]
    director = ctx["users"]["director_maths"]
    teacher_ids = (
        TeachingAssignment.objects.filter(term=term, subject=maths)
        .values_list("teacher_id", flat=True)
        .distinct()
    )
    teachers = list(type(director).objects.filter(pk__in=teacher_ids).order_by("username"))
    # Backbone teachers of the group: two maths teachers of other grades, and the director.
    inspectors = [director, *[t for t in teachers if t.username.startswith("t")][:2]]
    rng = random.Random(20261112)
    _round(
        term=previous,
        kind=InspectionRound.Kind.FINAL,
        subject=maths,
        due=previous.final_review,
        creator=director,
        teachers=teachers,
        inspectors=inspectors,
        rng=rng,
    )
    _round(
        term=term,
        kind=InspectionRound.Kind.MIDTERM,
        subject=maths,
        due=term.midterm_review,
        creator=director,
        teachers=teachers,
        inspectors=inspectors,
        rng=rng,
    )


def seed_open_round(ctx: dict) -> None:
    """An end-of-term Chinese round in progress, so the director and inspectors have work."""
    term, chinese = ctx["term"], ctx["subjects"]["chinese"]
    if InspectionRound.objects.filter(term=term, kind="final", subject=chinese).exists():
        return
    from . import services

    grade3 = [c.pk for c in ctx["classes"] if c.grade.level == 3]
    teachers = [ctx["teachers_by_class"][pk]["chinese"] for pk in grade3]
    inspectors = [ctx["teachers_by_class"][c.pk]["chinese"] for c in ctx["classes"][-2:]]
    services.create_round(
        term=term,
        kind=InspectionRound.Kind.FINAL,
        subject=chinese,
        due=term.final_review,
        inspectors=inspectors,
        teachers=teachers,
        user=ctx["users"]["director"],
    )


def seed(ctx: dict) -> None:
    seed_evaluations(ctx)
    seed_inspections(ctx)
    seed_open_round(ctx)
