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


def _flagged(visible, term, consecutive: int) -> tuple[str, list]:
    """SQL of the pupils flagged, one row per (pupil, subject), and its parameters.

    Each (pupil, class, subject) gets the *last* evaluation at which its run of consecutive
    failures reached the rule's length (the trigger). An evaluation the pupil has no result
    in breaks the run, as a pass does: positions count every evaluation of the class and
    subject, and a run is failed results at consecutive positions (gaps and islands). A
    pupil flagged in two classes of one subject (moved during the term) keeps the class
    whose evaluations began later. Pupils with an open case in the subject this term, a
    dismissal of this trigger, or who left the school are not flagged. Window functions:
    PostgreSQL and SQLite ≥ 3.25.

    ``flagged`` gives (student_id, school_class_id, subject_id, pos, evaluation_id);
    ``failed`` every failed result with its position (for the runs' scores).
    """
    ids_sql, ids_params = visible.order_by().values("pk").query.sql_with_params()
    open_sql, open_params = (
        SupportCase.objects.open()
        .filter(term=term)
        .order_by()
        .values("student_id", "subject_id")
        .query.sql_with_params()
    )
    school_sql, school_params = (
        Student.objects.in_school().order_by().values("pk").query.sql_with_params()
    )
    ev = Evaluation._meta.db_table
    res = EvaluationResult._meta.db_table
    dismissal = WarningDismissal._meta.db_table
    sql = f"""
        WITH ev AS (
            SELECT id, school_class_id, subject_id,
                   ROW_NUMBER() OVER (
                       PARTITION BY school_class_id, subject_id ORDER BY date, id
                   ) AS pos,
                   MIN(date) OVER (PARTITION BY school_class_id, subject_id) AS group_date,
                   FIRST_VALUE(id) OVER (
                       PARTITION BY school_class_id, subject_id ORDER BY date, id
                   ) AS group_id
            FROM {ev} WHERE id IN ({ids_sql})
        ),
        failed AS (
            SELECT r.student_id, ev.school_class_id, ev.subject_id, ev.pos,
                   ev.group_date, ev.group_id, r.evaluation_id, r.score, r.level,
                   ev.pos - ROW_NUMBER() OVER (
                       PARTITION BY r.student_id, ev.school_class_id, ev.subject_id
                       ORDER BY ev.pos
                   ) AS island
            FROM {res} r INNER JOIN ev ON ev.id = r.evaluation_id
            WHERE NOT r.goal_attained
        ),
        streaks AS (
            SELECT student_id, school_class_id, subject_id, pos, group_date, group_id,
                   evaluation_id,
                   ROW_NUMBER() OVER (
                       PARTITION BY student_id, school_class_id, subject_id, island
                       ORDER BY pos
                   ) AS length
            FROM failed
        ),
        reached AS (
            SELECT student_id, school_class_id, subject_id, pos, evaluation_id,
                   ROW_NUMBER() OVER (
                       PARTITION BY student_id, subject_id
                       ORDER BY group_date DESC, group_id DESC, pos DESC
                   ) AS latest
            FROM streaks WHERE length >= %s
        ),
        flagged AS (
            SELECT student_id, school_class_id, subject_id, pos, evaluation_id
            FROM reached f
            WHERE latest = 1
              AND student_id IN ({school_sql})
              AND NOT EXISTS (
                  SELECT 1 FROM ({open_sql}) oc
                  WHERE oc.student_id = f.student_id AND oc.subject_id = f.subject_id
              )
              AND NOT EXISTS (
                  SELECT 1 FROM {dismissal} d
                  WHERE d.student_id = f.student_id AND d.subject_id = f.subject_id
                    AND d.evaluation_id = f.evaluation_id
              )
        )
    """
    return sql, [*ids_params, consecutive, *school_params, *open_params]


def _shown(score, level: str) -> str:
    """As ``EvaluationResult.display``: the score without a trailing .0, else the level."""
    if score is None:
        return level
    return str(Decimal(str(score)).quantize(Decimal("0.1"))).removesuffix(".0")


def _visible(scope, term, rule: EvaluationSettings):
    return Evaluation.objects.visible_to(scope).filter(term=term, kind=rule.warning_kind)


def suggestion_count(*, scope, term) -> int:
    """How many suggestions ``suggestions`` would list, in two queries (the panel's)."""
    if term is None or not scope.is_authenticated:
        return 0
    rule = EvaluationSettings.load()
    ctes, params = _flagged(_visible(scope, term, rule), term, rule.warning_consecutive)
    with connection.cursor() as cursor:
        cursor.execute(f"{ctes} SELECT COUNT(*) FROM flagged", params)
        return cursor.fetchone()[0]


def suggestions(*, scope, term, rule: EvaluationSettings | None = None) -> list[Suggestion]:
    """Every suggestion in the user's scope for the term, in a constant number of queries."""
    if term is None or not scope.is_authenticated:
        return []
    rule = rule or EvaluationSettings.load()
    visible = _visible(scope, term, rule)
    evaluations = visible.select_related("subject", "school_class__grade").order_by("date", "pk")
    by_pk = {e.pk: e for e in evaluations}
    if not by_pk:
        return []
    ctes, params = _flagged(visible, term, rule.warning_consecutive)
    n = rule.warning_consecutive
    sql = f"""{ctes}
        SELECT f.student_id, f.subject_id, f.evaluation_id, f.score, f.level, t.evaluation_id
        FROM failed f INNER JOIN flagged t
          ON t.student_id = f.student_id AND t.school_class_id = f.school_class_id
         AND t.subject_id = f.subject_id
        WHERE f.pos > t.pos - %s AND f.pos <= t.pos
        ORDER BY f.student_id, f.subject_id, f.pos
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, n])
        rows = cursor.fetchall()
    runs: dict[tuple[int, int], list[tuple[Evaluation, str]]] = defaultdict(list)
    triggers: dict[tuple[int, int], int] = {}
    for student_id, subject_id, evaluation_id, score, level, trigger_id in rows:
        runs[(student_id, subject_id)].append((by_pk[evaluation_id], _shown(score, level)))
        triggers[(student_id, subject_id)] = trigger_id
    if not runs:
        return []
    students = Student.objects.in_school().filter(pk__in={s for s, _ in runs}).in_bulk()
    out = []
    for (student_id, _subject_id), run in runs.items():
        trigger = by_pk[triggers[(student_id, _subject_id)]]
        out.append(
            Suggestion(
                student=students[student_id],
                subject=trigger.subject,
                school_class=trigger.school_class,
                trigger=trigger,
                run=run,
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
