"""An evaluation's results a director can read: average, pass and excellent rates, each
student's attainment, the classes compared; pasting scores matched by number or name."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.models import EvaluationResult, EvaluationSettings
from school.models import SchoolClass

from .factories.evaluations import EvaluationFactory, EvaluationResultFactory
from .factories.students import StudentFactory, SupportCaseFactory


def unit_test(school, school_class, scores, name="第三单元测验"):
    e = EvaluationFactory(
        term=school.term,
        school_class=school_class,
        subject=school.chinese,
        name=name,
        created_by=school.head,
    )
    for student, score in scores.items():
        EvaluationResultFactory(evaluation=e, student=student, score=Decimal(score))
    return e


@pytest.fixture
def class_a_test(school):
    third = StudentFactory(school_class=school.class_a, name="孙小亮", student_number="A003")
    school.student_a3 = third
    SupportCaseFactory(student=school.student_a, subject=school.chinese, term=school.term)
    return unit_test(
        school, school.class_a, {school.student_a: 55, school.student_a2: 95, third: 80}
    )


def test_the_evaluation_shows_average_rates_and_each_students_attainment(
    school, login, class_a_test
):
    page = login(school.head).get(reverse("evaluations:detail", args=[class_a_test.pk]))
    summary = page.context["summary"]
    assert (summary.n, summary.average, summary.passed, summary.excellent) == (
        3,
        Decimal("76.7"),
        2,
        1,
    )
    assert (summary.pass_rate, summary.excellent_rate) == (66.7, 33.3)
    rows = {row.student.name: row for row in page.context["rows"]}
    assert rows["张小明"].attained is False and rows["张小明"].struggling
    assert rows["刘小红"].attained is True and not rows["刘小红"].struggling
    body = page.content.decode()
    assert "66.7%" in body and "33.3%" in body


def test_the_excellent_line_is_the_schools(school, login, class_a_test):
    EvaluationSettings.objects.update_or_create(pk=1, defaults={"excellent_percent": 80})
    page = login(school.head).get(reverse("evaluations:detail", args=[class_a_test.pk]))
    assert page.context["summary"].excellent == 2  # 95 and 80


def test_a_director_and_the_grade_leader_compare_the_classes(school, login, class_a_test):
    student_b2 = StudentFactory(school_class=school.class_b, name="周小兵", student_number="B002")
    unit_test(school, school.class_b, {school.student_b: 40, student_b2: 70})
    unit_test(school, school.class_b, {school.student_b: 99}, name="另一次测验")  # not the same
    url = reverse("evaluations:compare", args=[class_a_test.pk])
    for user in (school.director, school.leader):
        page = login(user).get(url)
        assert page.status_code == 200
        lines = [
            (str(line.evaluation.school_class), line.summary.n, line.summary.pass_rate)
            for line in page.context["lines"]
        ]
        assert lines == [("三年级(1)班", 3, 66.7), ("三年级(2)班", 2, 50.0)]
        body = page.content.decode()
        assert "张小明" not in body and "<svg" in body  # figures only, charted


def test_a_teacher_of_another_class_cannot_open_the_comparison(school, login, class_a_test):
    assert (
        login(school.stranger)
        .get(reverse("evaluations:compare", args=[class_a_test.pk]))
        .status_code
        == 404
    )


def test_the_comparison_runs_constant_queries_whatever_the_classes(
    school, login, class_a_test, constant_queries
):
    client = login(school.director)
    url = reverse("evaluations:compare", args=[class_a_test.pk])
    made = [2]

    def grow():
        for _ in range(2):
            made[0] += 1
            c = SchoolClass.objects.create(grade=school.grade, number=made[0] + 1)
            s = StudentFactory(school_class=c, student_number=f"X{made[0]}")
            unit_test(school, c, {s: 70})

    constant_queries(lambda: client.get(url), grow)


# ---- pasting ---------------------------------------------------------------------------


def preview(client, evaluation, pasted):
    return client.post(
        reverse("evaluations:detail", args=[evaluation.pk]),
        {"preview": "1", "pasted": pasted, "version": str(evaluation.grid_version)},
    )


@pytest.fixture
def empty_test(school):
    school.student_a3 = StudentFactory(
        school_class=school.class_a, name="孙小亮", student_number="A003"
    )
    return EvaluationFactory(
        term=school.term,
        school_class=school.class_a,
        subject=school.chinese,
        name="第四单元测验",
        date=datetime.date(2026, 11, 2),
        created_by=school.head,
    )


def scores_shown(page):
    return {row.student.name: row.score_text for row in page.context["rows"]}


def test_a_pasted_block_in_another_order_is_matched_by_student_number(
    school, login, empty_test, unchanged
):
    client = login(school.head)
    with unchanged(EvaluationResult):
        page = preview(client, empty_test, "学号\t姓名\t成绩\nA003\t孙小亮\t88\nA001\t张小明\t52\n")
    assert scores_shown(page) == {"张小明": "52", "刘小红": "", "孙小亮": "88"}
    match = page.context["pasted"]
    assert match.by == "number"
    assert [s.name for s in match.missing] == ["刘小红"]
    assert "刘小红" in page.content.decode()  # the warning names who is missing


def test_names_match_when_there_are_no_numbers_and_strangers_are_warned(school, login, empty_test):
    page = preview(login(school.head), empty_test, "刘小红 91\n张小明 47\n李四 66\n孙小亮 80")
    assert scores_shown(page) == {"张小明": "47", "刘小红": "91", "孙小亮": "80"}
    match = page.context["pasted"]
    assert match.by == "name"
    assert match.unmatched == ["李四 66"]
    assert "李四 66" in page.content.decode()


def test_a_bare_column_fills_in_roster_order_and_warns_when_lengths_differ(
    school, login, empty_test
):
    page = preview(login(school.head), empty_test, "70\n80\n90\n100\n")
    assert scores_shown(page) == {"张小明": "70", "刘小红": "80", "孙小亮": "90"}
    assert page.context["pasted"].by == "position"
    assert page.context["pasted"].extra_lines == 1


def test_the_previewed_match_is_saved_only_when_the_teacher_saves(school, login, empty_test):
    client = login(school.head)
    page = preview(client, empty_test, "A002\t77\nA001\t58\nA003\t90")
    data = {"version": str(empty_test.grid_version)}
    for row in page.context["rows"]:
        data[f"score-{row.student.pk}"] = row.score_text
        data[f"gaps-{row.student.pk}"] = ""
    assert client.post(reverse("evaluations:detail", args=[empty_test.pk]), data).status_code == 302
    saved = dict(empty_test.results.values_list("student__name", "score"))
    assert saved == {"张小明": Decimal("58"), "刘小红": Decimal("77"), "孙小亮": Decimal("90")}


# ---- who changes the school-wide rule -----------------------------------------------------


def test_a_director_reads_but_cannot_change_the_warning_rule(school, login, unchanged):
    EvaluationSettings.load()
    client = login(school.director)
    assert client.get(reverse("evaluations:settings")).status_code == 200
    with unchanged(EvaluationSettings):
        response = client.post(
            reverse("evaluations:settings"),
            {"warning_kind": "unit", "warning_consecutive": "1", "excellent_percent": "90"},
        )
    assert response.status_code == 403


def test_the_principals_change_of_the_rule_is_kept_with_who(school, login):
    client = login(school.principal)
    client.post(
        reverse("evaluations:settings"),
        {"warning_kind": "unit", "warning_consecutive": "3", "excellent_percent": "90"},
    )
    settings = EvaluationSettings.load()
    assert (settings.warning_consecutive, settings.excellent_percent) == (3, 90)
    assert settings.history.latest().history_user == school.principal


def test_confirming_a_warning_opens_the_identification_with_the_triggering_scores(school, login):
    for day, score in ((5, 50), (12, 45)):
        e = EvaluationFactory(
            term=school.term,
            school_class=school.class_a,
            subject=school.maths,
            name=f"9月{day}日单元测验",
            date=datetime.date(2026, 9, day),
            created_by=school.teacher,
        )
        EvaluationResultFactory(evaluation=e, student=school.student_a, score=Decimal(score))
    client = login(school.teacher)
    warnings = client.get(reverse("evaluations:warnings")).context["page"]
    (suggestion,) = list(warnings)
    form = client.get(suggestion.identify_url).context["form"]
    note = form.initial["evidence_test_results_note"]
    assert "9月12日单元测验" in note and "9月5日单元测验" in note
    assert form.initial["evidence_test_results_score"] == "45%"
    assert form.initial["subject"] == school.maths
