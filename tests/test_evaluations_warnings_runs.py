"""Early warning worked out in SQL: which run, which trigger, which scores are shown."""

from __future__ import annotations

import datetime
from decimal import Decimal

from evaluations.models import Evaluation
from evaluations.warnings import suggestions
from school.scoping import Scope

from .factories.evaluations import EvaluationFactory, EvaluationResultFactory


def evaluation(school, day: int, scores: dict, **kwargs):
    e = EvaluationFactory(
        term=school.term,
        school_class=school.class_a,
        subject=school.maths,
        kind="unit",
        date=datetime.date(2026, 9, day),
        created_by=school.teacher,
        **kwargs,
    )
    for student, score in scores.items():
        if score in {"A", "B", "C", "D"}:
            EvaluationResultFactory(evaluation=e, student=student, score=None, level=score)
        else:
            EvaluationResultFactory(evaluation=e, student=student, score=Decimal(score))
    return e


def runs(school):
    scope = Scope.for_user(school.teacher)
    return {
        s.student.name: (s.trigger, [(e, shown) for e, shown in s.run])
        for s in suggestions(scope=scope, term=school.term)
    }


def test_the_latest_run_is_the_trigger_and_its_last_results_are_shown(school):
    a = school.student_a
    first = evaluation(school, 1, {a: "40"})
    evaluation(school, 2, {a: "45.5"})
    third = evaluation(school, 3, {a: "50"})
    evaluation(school, 4, {a: "90"})
    evaluation(school, 5, {a: "30"})  # a run of one after the pass: not a new trigger
    assert first.pk
    found = runs(school)
    assert found["张小明"][0] == third
    assert [shown for _e, shown in found["张小明"][1]] == ["45.5", "50"]


def test_a_missing_result_breaks_the_run(school):
    a, a2 = school.student_a, school.student_a2
    evaluation(school, 1, {a: "40", a2: "40"})
    evaluation(school, 2, {a2: "90"})  # 张小明 has no result here
    evaluation(school, 3, {a: "40", a2: "40"})
    assert runs(school) == {}
    last = evaluation(school, 4, {a: "30", a2: "30"})
    found = runs(school)
    assert set(found) == {"张小明", school.student_a2.name}
    assert all(trigger == last for trigger, _run in found.values())


def test_levels_below_c_count_as_failures_and_show_the_level(school):
    a = school.student_a
    level = {"scale": Evaluation.Scale.LEVEL, "full_marks": None, "pass_line": None}
    one = evaluation(school, 1, {a: "D"}, **level)
    two = evaluation(school, 2, {a: "D"}, **level)
    assert runs(school) == {"张小明": (two, [(one, "D"), (two, "D")])}


def test_the_panel_counts_what_the_list_shows(school):
    from archives.models import SupportCase
    from evaluations.models import WarningDismissal
    from evaluations.warnings import suggestion_count

    a, a2 = school.student_a, school.student_a2
    evaluation(school, 1, {a: "40", a2: "40"})
    last = evaluation(school, 2, {a: "40", a2: "40"})
    scope = Scope.for_user(school.teacher)
    assert suggestion_count(scope=scope, term=school.term) == 2
    WarningDismissal.objects.create(
        student=a, subject=school.maths, evaluation=last, reason="病假", dismissed_by=school.teacher
    )
    assert suggestion_count(scope=scope, term=school.term) == 1
    SupportCase.objects.create(
        student=a2, subject=school.maths, term=school.term, identified_by=school.teacher
    )
    assert suggestion_count(scope=scope, term=school.term) == 0
    assert suggestions(scope=scope, term=school.term) == []
