"""What an evaluation's results say: average, pass rate, excellent rate, and the same
figures for every class of the grade that took the same evaluation (a unit test)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.db.models import Count, Max, Min, Q, QuerySet

from archives.models import SupportCase
from school.models import Grade

from .models import LEVEL_PERCENT, Evaluation, EvaluationResult, EvaluationSettings


@dataclass
class Summary:
    n: int = 0
    average: Decimal | None = None  # in marks (scored) or the level's percent (levels)
    average_percent: float | None = None
    passed: int = 0
    excellent: int = 0

    @property
    def pass_rate(self) -> float | None:
        return round(100 * self.passed / self.n, 1) if self.n else None

    @property
    def excellent_rate(self) -> float | None:
        return round(100 * self.excellent / self.n, 1) if self.n else None

    @property
    def not_attained(self) -> int:
        return self.n - self.passed


def is_excellent(evaluation: Evaluation, *, score, level: str, excellent_percent: int) -> bool:
    if evaluation.is_scored:
        if score is None or not evaluation.full_marks:
            return False
        return Decimal(score) * 100 >= evaluation.full_marks * excellent_percent
    return level == "A"


def summarise(
    evaluation: Evaluation, rows: list[tuple], *, excellent_percent: int | None = None
) -> Summary:
    """``rows`` are (score, level, goal_attained) of the evaluation's results."""
    if excellent_percent is None:
        excellent_percent = EvaluationSettings.load().excellent_percent
    summary = Summary(n=len(rows))
    if not rows:
        return summary
    summary.passed = sum(1 for _s, _l, attained in rows if attained)
    summary.excellent = sum(
        1
        for score, level, _a in rows
        if is_excellent(evaluation, score=score, level=level, excellent_percent=excellent_percent)
    )
    if evaluation.is_scored:
        scores = [Decimal(s) for s, _l, _a in rows if s is not None]
        if scores:
            summary.average = (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.1"))
            summary.average_percent = evaluation.percent(score=summary.average, level="")
    else:
        percents = [LEVEL_PERCENT[level] for _s, level, _a in rows if level in LEVEL_PERCENT]
        if percents:
            summary.average_percent = round(sum(percents) / len(percents), 1)
    return summary


def struggling_ids(evaluation: Evaluation) -> set[int]:
    """Students of the evaluation's class with an open case in its subject this term."""
    return set(
        SupportCase.objects.open()
        .filter(
            term_id=evaluation.term_id,
            subject_id=evaluation.subject_id,
            student__school_class_id=evaluation.school_class_id,
        )
        .values_list("student_id", flat=True)
    )


def comparable(scope, evaluation: Evaluation) -> QuerySet[Evaluation]:
    """The same evaluation (kind and name) of the same subject in every class of the grade."""
    return (
        Evaluation.objects.filter(
            term_id=evaluation.term_id,
            subject_id=evaluation.subject_id,
            kind=evaluation.kind,
            name=evaluation.name,
            school_class__grade_id=evaluation.school_class.grade_id,
        )
        .filter(comparable_q(scope))
        .select_related("school_class")
        .order_by("school_class__number", "pk")
    )


def comparable_q(scope) -> Q:
    """Whose evaluations a user compares: the records they see, and the grades they lead
    (figures only: a comparison shows no student)."""
    if scope.school_wide:
        return Q()
    q = scope.record_q("school_class", "subject")
    if scope.led_class_ids:
        q |= Q(school_class_id__in=scope.led_class_ids)
    return q


@dataclass
class ClassLine:
    evaluation: Evaluation
    summary: Summary


def comparison(evaluations: list[Evaluation]) -> list[ClassLine]:
    """One line per class: its summary (two queries whatever the number of classes)."""
    excellent_percent = EvaluationSettings.load().excellent_percent
    rows: dict[int, list[tuple]] = defaultdict(list)
    for evaluation_id, score, level, attained in EvaluationResult.objects.filter(
        evaluation__in=[e.pk for e in evaluations]
    ).values_list("evaluation_id", "score", "level", "goal_attained"):
        rows[evaluation_id].append((score, level, attained))
    return [
        ClassLine(e, summarise(e, rows[e.pk], excellent_percent=excellent_percent))
        for e in evaluations
    ]


@dataclass
class GradeComparison:
    """One evaluation given in the classes of a grade: ``pk`` (its first class's) opens the
    comparison."""

    pk: int
    name: str
    subject: str
    grade: str
    classes: int
    latest: object  # the last class's date


def grade_comparisons(scope, term, *, limit: int = 30) -> list[GradeComparison]:
    """The evaluations of the grades the user leads, one line per (subject, kind, name,
    grade), newest first: a grade leader's way into the class comparison (one query, read
    as rows: the subject's name and the grade's level are grouped with their ids)."""
    if term is None or not scope.led_class_ids:
        return []
    groups = (
        Evaluation.objects.filter(term=term, school_class_id__in=scope.led_class_ids)
        .values("subject_id", "kind", "name", "school_class__grade_id")
        .annotate(
            first=Min("pk"),
            classes=Count("school_class", distinct=True),
            latest=Max("date"),
            subject_name=Max("subject__name"),
            level=Max("school_class__grade__level"),
        )
        .order_by("-latest", "name")[:limit]
    )
    grade = cache(lambda level: Grade(level=level).name)
    return [
        GradeComparison(
            g["first"], g["name"], g["subject_name"], grade(g["level"]), g["classes"], g["latest"]
        )
        for g in groups
    ]
