"""Early warning: students not yet identified whose results meet the school's rule.

The rule (``EvaluationSettings``): below the pass line in N consecutive evaluations
of one kind (by default two unit evaluations) of a subject, in the term. Nothing is
identified automatically: the suggestions wait for a teacher to identify or dismiss.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

from archives.models import SupportCase
from school.models import SchoolClass, Subject
from students.models import Student

from .models import Evaluation, EvaluationResult, EvaluationSettings, WarningDismissal


@dataclass
class Suggestion:
    student: Student
    subject: Subject
    school_class: SchoolClass
    trigger: Evaluation  # the evaluation that completed the run
    run: list[tuple[Evaluation, str]] = field(default_factory=list)  # (evaluation, score)


def _failing_runs(evaluation_ids_sql: str, params: tuple, consecutive: int) -> list[tuple]:
    """The results of every run of at least ``consecutive`` failures, worked out in SQL.

    Each (pupil, class, subject) gets the *last* evaluation at which its run of consecutive
    failures reached the rule's length (the trigger) and the ``consecutive`` failed results
    ending there (the run). An evaluation the pupil has no result in breaks the run, as a
    pass does: positions count every evaluation of the class and subject, and a run is
    failed results at consecutive positions (gaps and islands). Window functions: PostgreSQL
    and SQLite ≥ 3.25. Only the flagged pupils' rows come back.
    """
    ev = Evaluation._meta.db_table
    res = EvaluationResult._meta.db_table
    sql = f"""
        WITH ev AS (
            SELECT id, school_class_id, subject_id,
                   ROW_NUMBER() OVER (
                       PARTITION BY school_class_id, subject_id ORDER BY date, id
                   ) AS pos
            FROM {ev} WHERE id IN ({evaluation_ids_sql})
        ),
        failed AS (
            SELECT r.student_id, ev.school_class_id, ev.subject_id, ev.pos,
                   r.evaluation_id, r.score, r.level,
                   ev.pos - ROW_NUMBER() OVER (
                       PARTITION BY r.student_id, ev.school_class_id, ev.subject_id
                       ORDER BY ev.pos
                   ) AS island
            FROM {res} r INNER JOIN ev ON ev.id = r.evaluation_id
            WHERE NOT r.goal_attained
        ),
        streaks AS (
            SELECT student_id, school_class_id, subject_id, pos,
                   ROW_NUMBER() OVER (
                       PARTITION BY student_id, school_class_id, subject_id, island
                       ORDER BY pos
                   ) AS length
            FROM failed
        ),
        triggers AS (
            SELECT student_id, school_class_id, subject_id, MAX(pos) AS pos
            FROM streaks WHERE length >= %s
            GROUP BY student_id, school_class_id, subject_id
        )
        SELECT f.student_id, f.school_class_id, f.subject_id, f.evaluation_id,
               f.pos, t.pos, f.score, f.level
        FROM failed f INNER JOIN triggers t
          ON t.student_id = f.student_id AND t.school_class_id = f.school_class_id
         AND t.subject_id = f.subject_id
        WHERE f.pos > t.pos - %s AND f.pos <= t.pos
        ORDER BY f.student_id, f.school_class_id, f.subject_id, f.pos
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, consecutive, consecutive))
        return cursor.fetchall()


def _shown(score, level: str) -> str:
    """As ``EvaluationResult.display``: the score without a trailing .0, else the level."""
    if score is None:
        return level
    return str(Decimal(str(score)).quantize(Decimal("0.1"))).removesuffix(".0")


def suggestions(*, scope, term, rule: EvaluationSettings | None = None) -> list[Suggestion]:
    """Every suggestion in the user's scope for the term, in a constant number of queries."""
    if term is None or not scope.is_authenticated:
        return []
    rule = rule or EvaluationSettings.load()
    visible = Evaluation.objects.visible_to(scope).filter(term=term, kind=rule.warning_kind)
    evaluations = list(
        visible.select_related("subject", "school_class__grade").order_by("date", "pk")
    )
    if not evaluations:
        return []
    by_pk = {e.pk: e for e in evaluations}
    # Groups in the order of their first evaluation: a pupil flagged in two classes of one
    # subject (moved during the term) keeps the later group's run, as before.
    group_order: dict[tuple[int, int], int] = {}
    for e in evaluations:
        group_order.setdefault((e.school_class_id, e.subject_id), len(group_order))
    ids_sql, ids_params = visible.order_by().values("pk").query.sql_with_params()
    runs: dict[tuple[int, int, int], list[tuple[Evaluation, str]]] = defaultdict(list)
    triggers: dict[tuple[int, int, int], Evaluation] = {}
    for (
        student_id,
        class_id,
        subject_id,
        evaluation_id,
        pos,
        trigger_pos,
        score,
        level,
    ) in _failing_runs(ids_sql, ids_params, rule.warning_consecutive):
        key = (student_id, class_id, subject_id)
        runs[key].append((by_pk[evaluation_id], _shown(score, level)))
        if pos == trigger_pos:
            triggers[key] = by_pk[evaluation_id]

    found: dict[tuple[int, int], tuple[Evaluation, list]] = {}
    for key in sorted(triggers, key=lambda k: group_order[(k[1], k[2])]):
        student_id, _class_id, subject_id = key
        found[(student_id, subject_id)] = (triggers[key], runs[key])
    if not found:
        return []

    student_ids = {s for s, _subject in found}
    subject_ids = {subject for _s, subject in found}
    open_cases = set(
        SupportCase.objects.open()
        .filter(term=term, student_id__in=student_ids, subject_id__in=subject_ids)
        .values_list("student_id", "subject_id")
    )
    dismissed = set(
        WarningDismissal.objects.filter(
            student_id__in=student_ids, evaluation_id__in=by_pk
        ).values_list("student_id", "subject_id", "evaluation_id")
    )
    students = Student.objects.in_school().filter(pk__in=student_ids).in_bulk()
    out = []
    for (student_id, subject_id), (trigger, run) in found.items():
        if (student_id, subject_id) in open_cases or student_id not in students:
            continue
        if (student_id, subject_id, trigger.pk) in dismissed:
            continue
        out.append(
            Suggestion(
                student=students[student_id],
                subject=trigger.subject,
                school_class=trigger.school_class,
                trigger=trigger,
                run=run[-rule.warning_consecutive :],
            )
        )
    out.sort(
        key=lambda s: (
            s.school_class.grade.level,
            s.school_class.number,
            s.subject.order,
            s.student.student_number,
        )
    )
    return out


def suggestion_for(*, scope, term, student, subject) -> Suggestion | None:
    for s in suggestions(scope=scope, term=term):
        if s.student.pk == student.pk and s.subject.pk == subject.pk:
            return s
    return None
