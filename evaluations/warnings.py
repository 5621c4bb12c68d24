"""Early warning: students not yet identified whose results meet the school's rule.

The rule (``EvaluationSettings``): below the pass line in N consecutive evaluations
of one kind (by default two unit evaluations) of a subject, in the term. Nothing is
identified automatically: the suggestions wait for a teacher to identify or dismiss.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

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


def suggestions(*, scope, term, rule: EvaluationSettings | None = None) -> list[Suggestion]:
    """Every suggestion in the user's scope for the term, in a constant number of queries."""
    if term is None or not scope.is_authenticated:
        return []
    rule = rule or EvaluationSettings.load()
    evaluations = list(
        Evaluation.objects.visible_to(scope)
        .filter(term=term, kind=rule.warning_kind)
        .select_related("subject", "school_class__grade")
        .order_by("date", "pk")
    )
    if not evaluations:
        return []
    by_pk = {e.pk: e for e in evaluations}
    groups: dict[tuple[int, int], list[Evaluation]] = defaultdict(list)
    for e in evaluations:
        groups[(e.school_class_id, e.subject_id)].append(e)
    outcome: dict[tuple[int, int], tuple[bool, str]] = {}
    students_in_group: dict[tuple[int, int], set[int]] = defaultdict(set)
    for evaluation_id, student_id, attained, score, level in EvaluationResult.objects.filter(
        evaluation_id__in=by_pk
    ).values_list("evaluation_id", "student_id", "goal_attained", "score", "level"):
        shown = str(score).removesuffix(".0") if score is not None else level
        outcome[(evaluation_id, student_id)] = (attained, shown)
        e = by_pk[evaluation_id]
        students_in_group[(e.school_class_id, e.subject_id)].add(student_id)

    found: dict[tuple[int, int], tuple[Evaluation, list]] = {}
    for key, group in groups.items():
        for student_id in students_in_group[key]:
            run: list[tuple[Evaluation, str]] = []
            hit = None
            for e in group:
                attained, shown = outcome.get((e.pk, student_id), (True, ""))
                if (e.pk, student_id) in outcome and not attained:
                    run.append((e, shown))
                    if len(run) >= rule.warning_consecutive:
                        hit = (e, list(run))
                else:
                    run = []
            if hit:
                found[(student_id, key[1])] = hit
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
