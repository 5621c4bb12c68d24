"""Early warning: the rule finds students; teachers identify or dismiss; nothing automatic."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse

from archives.models import SupportCase
from evaluations.models import EvaluationSettings, WarningDismissal
from evaluations.warnings import suggestions
from school.scoping import Scope

from .factories.evaluations import EvaluationFactory, EvaluationResultFactory
from .factories.students import StudentFactory


def unit(school, day: int, scores: dict, kind="unit", subject=None, school_class=None):
    e = EvaluationFactory(
        term=school.term,
        school_class=school_class or school.class_a,
        subject=subject or school.maths,
        kind=kind,
        date=datetime.date(2026, 9, day),
        created_by=school.teacher,
    )
    for student, score in scores.items():
        EvaluationResultFactory(evaluation=e, student=student, score=Decimal(score))
    return e


def found(user, school):
    scope = Scope.for_user(user)
    return {(s.student.name, s.subject.code) for s in suggestions(scope=scope, term=school.term)}


def test_two_consecutive_unit_results_below_the_pass_line_are_suggested(school):
    a, a2 = school.student_a, school.student_a2
    unit(school, 5, {a: 50, a2: 55})
    unit(school, 12, {a: 45, a2: 70})
    unit(school, 19, {a: 80, a2: 50})
    assert found(school.teacher, school) == {("张小明", "maths")}


def test_non_consecutive_failures_and_lesson_evaluations_do_not_count(school):
    a = school.student_a
    unit(school, 5, {a: 50})
    unit(school, 12, {a: 70})
    unit(school, 19, {a: 50})
    unit(school, 20, {a: 10}, kind="lesson")
    unit(school, 21, {a: 10}, kind="lesson")
    assert found(school.teacher, school) == set()


def test_students_already_identified_are_not_suggested(school):
    a = school.student_a
    unit(school, 5, {a: 50})
    unit(school, 12, {a: 45})
    SupportCase.objects.create(
        student=a, subject=school.maths, term=school.term, identified_by=school.teacher
    )
    assert found(school.teacher, school) == set()


def test_the_rule_is_editable(school, login):
    a = school.student_a
    unit(school, 5, {a: 50})
    unit(school, 12, {a: 45})
    client = login(school.principal)
    response = client.post(
        reverse("evaluations:settings"),
        {"warning_kind": "unit", "warning_consecutive": "3", "excellent_percent": "85"},
    )
    assert response.status_code == 302
    assert EvaluationSettings.load().warning_consecutive == 3
    assert found(school.teacher, school) == set()
    unit(school, 19, {a: 40})
    assert found(school.teacher, school) == {("张小明", "maths")}


def test_a_teacher_without_director_role_cannot_change_the_rule(school, login, unchanged):
    EvaluationSettings.load()
    client = login(school.teacher)
    with unchanged():
        response = client.post(
            reverse("evaluations:settings"),
            {"warning_kind": "unit", "warning_consecutive": "1"},
        )
    assert response.status_code == 403
    assert EvaluationSettings.load().warning_consecutive == 2


def test_suggestions_follow_scope(school):
    unit(school, 5, {school.student_a: 50})
    unit(school, 12, {school.student_a: 45})
    b_evals = [
        unit(school, d, {school.student_b: 30}, school_class=school.class_b) for d in (5, 12)
    ]
    assert b_evals
    assert found(school.teacher, school) == {("张小明", "maths")}
    assert found(school.stranger, school) == {("陈小刚", "maths")}
    assert found(school.head, school) == {("张小明", "maths")}  # head teacher of class A
    assert found(school.director, school) == set()  # Chinese director


def test_list_links_to_identification_and_identifies_nobody(school, login):
    unit(school, 5, {school.student_a: 50})
    unit(school, 12, {school.student_a: 45})
    response = login(school.teacher).get(reverse("evaluations:warnings"))
    html = response.content.decode()
    assert "张小明" in html
    assert reverse("archives:case_identify", args=[school.student_a.pk]) in html
    assert not SupportCase.objects.exists()


def test_dismiss_with_a_reason_hides_the_suggestion_until_the_run_grows(school, login):
    a = school.student_a
    unit(school, 5, {a: 50})
    last = unit(school, 12, {a: 45})
    client = login(school.teacher)
    url = reverse("evaluations:warning_dismiss", args=[a.pk, school.maths.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and not WarningDismissal.objects.exists()
    response = client.post(url, {"reason": "生病缺课两周，已补课"})
    assert response.status_code == 302
    d = WarningDismissal.objects.get()
    assert (d.evaluation, d.dismissed_by, d.reason) == (
        last,
        school.teacher,
        "生病缺课两周，已补课",
    )
    assert found(school.teacher, school) == set()
    unit(school, 19, {a: 40})
    assert found(school.teacher, school) == {("张小明", "maths")}


def test_stranger_cannot_dismiss_for_class_a(school, login):
    unit(school, 5, {school.student_a: 50})
    unit(school, 12, {school.student_a: 45})
    url = reverse("evaluations:warning_dismiss", args=[school.student_a.pk, school.maths.pk])
    response = login(school.stranger).post(url, {"reason": "x"})
    assert response.status_code == 404
    assert not WarningDismissal.objects.exists()


def test_warning_list_runs_a_constant_number_of_queries(school, login, constant_queries):
    students = [StudentFactory(school_class=school.class_a) for _i in range(3)]
    unit(school, 5, dict.fromkeys(students, 30))
    unit(school, 12, dict.fromkeys(students, 40))
    client = login(school.teacher)
    url = reverse("evaluations:warnings")

    def fetch():
        assert client.get(url).status_code == 200

    def grow():
        more = [StudentFactory(school_class=school.class_a) for _i in range(27)]
        unit(school, 20, dict.fromkeys(students + more, 30))
        unit(school, 21, dict.fromkeys(students + more, 40))

    constant_queries(fetch, grow)
    assert len(client.get(url).context["page"]) == 30
