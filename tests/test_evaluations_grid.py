"""Recording evaluations: the whole class in one grid, gaps with follow-ups, the list."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.models import Evaluation, EvaluationResult, Gap

from .factories.evaluations import EvaluationFactory, EvaluationResultFactory
from .factories.students import StudentFactory


@pytest.fixture
def evaluation(school):
    return EvaluationFactory(
        term=school.term,
        school_class=school.class_a,
        subject=school.maths,
        created_by=school.teacher,
        name="第一单元测验",
    )


def grid_post(evaluation, values: dict) -> dict:
    data = {}
    for student, (score, gaps) in values.items():
        data[f"score-{student.pk}"] = score
        data[f"gaps-{student.pk}"] = gaps
    return data


def test_teacher_creates_an_evaluation_for_a_class_they_teach(school, login):
    client = login(school.teacher)
    response = client.post(
        reverse("evaluations:create"),
        {
            "school_class": school.class_a.pk,
            "subject": school.maths.pk,
            "kind": "unit",
            "name": "第二单元",
            "date": "2026-10-08",
            "scale": "score",
            "full_marks": "100",
            "pass_line": "60",
        },
    )
    evaluation = Evaluation.objects.get(name="第二单元")
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:detail", args=[evaluation.pk])
    assert evaluation.term == school.term and evaluation.created_by == school.teacher


def test_teacher_cannot_record_for_a_subject_they_do_not_teach(school, login):
    client = login(school.teacher)
    response = client.post(
        reverse("evaluations:create"),
        {
            "school_class": school.class_a.pk,
            "subject": school.chinese.pk,
            "kind": "unit",
            "name": "语文单元",
            "date": "2026-10-08",
            "scale": "score",
            "full_marks": "100",
            "pass_line": "60",
        },
    )
    assert response.status_code == 200
    assert not Evaluation.objects.filter(name="语文单元").exists()


def test_pass_line_above_full_marks_is_a_form_error(school, login):
    client = login(school.teacher)
    response = client.post(
        reverse("evaluations:create"),
        {
            "school_class": school.class_a.pk,
            "subject": school.maths.pk,
            "kind": "unit",
            "name": "错的",
            "date": "2026-10-08",
            "scale": "score",
            "full_marks": "100",
            "pass_line": "120",
        },
    )
    assert response.status_code == 200
    assert not Evaluation.objects.filter(name="错的").exists()


def test_grid_shows_the_whole_class(school, login, evaluation):
    response = login(school.teacher).get(reverse("evaluations:detail", args=[evaluation.pk]))
    html = response.content.decode()
    assert "张小明" in html and "刘小红" in html and "陈小刚" not in html
    assert 'data-grid-col="0"' in html and "evaluations/grid.js" in html


def test_grid_saves_every_student_with_goal_attainment_and_gaps(school, login, evaluation):
    client = login(school.teacher)
    response = client.post(
        reverse("evaluations:detail", args=[evaluation.pk]),
        grid_post(
            evaluation,
            {school.student_a: ("45", "两位数乘法，估算"), school.student_a2: ("88", "")},
        ),
    )
    assert response.status_code == 302
    a = EvaluationResult.objects.get(evaluation=evaluation, student=school.student_a)
    a2 = EvaluationResult.objects.get(evaluation=evaluation, student=school.student_a2)
    assert (a.score, a.goal_attained) == (Decimal("45"), False)
    assert (a2.score, a2.goal_attained) == (Decimal("88"), True)
    gaps = list(Gap.objects.filter(result=a).order_by("knowledge_point"))
    assert [g.knowledge_point for g in gaps] == ["估算", "两位数乘法"] or len(gaps) == 2
    assert all(g.due == evaluation.date + datetime.timedelta(days=14) for g in gaps)


def test_grid_edit_updates_scores_and_removes_cleared_rows(school, login, evaluation):
    client = login(school.teacher)
    url = reverse("evaluations:detail", args=[evaluation.pk])
    client.post(
        url,
        grid_post(evaluation, {school.student_a: ("45", "估算"), school.student_a2: ("88", "")}),
    )
    client.post(
        url,
        grid_post(
            evaluation, {school.student_a: ("75", "估算，竖式"), school.student_a2: ("", "")}
        ),
    )
    a = EvaluationResult.objects.get(evaluation=evaluation, student=school.student_a)
    assert a.score == Decimal("75") and a.goal_attained
    assert set(a.gaps.values_list("knowledge_point", flat=True)) == {"估算", "竖式"}
    assert not EvaluationResult.objects.filter(student=school.student_a2).exists()


def test_a_bad_score_saves_nothing_and_says_which_row(school, login, evaluation):
    client = login(school.teacher)
    response = client.post(
        reverse("evaluations:detail", args=[evaluation.pk]),
        grid_post(evaluation, {school.student_a: ("45", ""), school.student_a2: ("180", "")}),
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    rows = {row.student: row.error for row in response.context["rows"]}
    assert rows == {school.student_a: "", school.student_a2: "The score must be between 0 and 100."}
    assert not EvaluationResult.objects.filter(evaluation=evaluation).exists()


def test_text_that_is_not_a_number_is_an_error_not_a_500(school, login, evaluation):
    client = login(school.teacher)
    response = client.post(
        reverse("evaluations:detail", args=[evaluation.pk]),
        grid_post(evaluation, {school.student_a: ("abc", ""), school.student_a2: ("1e400", "")}),
    )
    assert response.status_code == 200
    assert not EvaluationResult.objects.exists()


def test_level_scale_grid(school, login):
    evaluation = EvaluationFactory(
        term=school.term,
        school_class=school.class_a,
        subject=school.maths,
        scale="level",
        full_marks=None,
        pass_line=None,
    )
    client = login(school.teacher)
    client.post(
        reverse("evaluations:detail", args=[evaluation.pk]),
        {f"level-{school.student_a.pk}": "d", f"level-{school.student_a2.pk}": "B"},
    )
    levels = dict(evaluation.results.values_list("student__name", "level"))
    assert levels == {"张小明": "D", "刘小红": "B"}
    assert not evaluation.results.get(student=school.student_a).goal_attained
    response = client.post(
        reverse("evaluations:detail", args=[evaluation.pk]),
        {f"level-{school.student_a.pk}": "E"},
        headers={"accept-language": "en"},
    )
    assert "The level must be one of A, B, C, D." in response.content.decode()


def test_gap_follow_up_marked_done(school, login, evaluation):
    result = EvaluationResultFactory(evaluation=evaluation, student=school.student_a, score=40)
    gap = Gap.objects.create(result=result, knowledge_point="估算", due=datetime.date(2026, 10, 20))
    client = login(school.teacher)
    response = client.post(
        reverse("evaluations:gap_edit", args=[gap.pk]),
        {"remediation": "课后辅导", "due": "2026-10-22", "done": "on"},
    )
    assert response.status_code == 302, response.context["form"].errors
    gap.refresh_from_db()
    assert gap.done and gap.done_on is not None and gap.remediation == "课后辅导"
    listing = client.get(reverse("evaluations:gaps"))
    assert "估算" not in listing.content.decode()
    assert "估算" in client.get(reverse("evaluations:gaps") + "?show=all").content.decode()


def test_stranger_does_not_see_class_a_evaluations(school, login, evaluation):
    response = login(school.stranger).get(reverse("evaluations:list"))
    assert evaluation.name not in response.content.decode()


def test_evaluation_list_runs_a_constant_number_of_queries(school, login, constant_queries):
    def add(n):
        for _i in range(n):
            EvaluationFactory(term=school.term, school_class=school.class_a, subject=school.maths)

    add(3)
    client = login(school.teacher)

    def fetch():
        assert client.get(reverse("evaluations:list")).status_code == 200

    constant_queries(fetch, lambda: add(27))


@pytest.mark.parametrize("page", ["grid", "gaps"])
def test_grid_and_gap_list_run_a_constant_number_of_queries(
    school, login, constant_queries, evaluation, page
):
    def add(n):
        for _i in range(n):
            s = StudentFactory(school_class=school.class_a)
            r = EvaluationResultFactory(evaluation=evaluation, student=s, score=30)
            Gap.objects.create(result=r, knowledge_point="估算", due=datetime.date(2026, 10, 20))

    add(3)
    client = login(school.teacher)
    url = (
        reverse("evaluations:detail", args=[evaluation.pk])
        if page == "grid"
        else reverse("evaluations:gaps")
    )

    def fetch():
        assert client.get(url).status_code == 200

    constant_queries(fetch, lambda: add(27))


def test_editing_keeps_class_and_subject_and_recomputes_attainment(school, login, evaluation):
    EvaluationResultFactory(evaluation=evaluation, student=school.student_a, score=55)
    response = login(school.teacher).post(
        reverse("evaluations:edit", args=[evaluation.pk]),
        {
            "school_class": school.class_b.pk,
            "subject": school.maths.pk,
            "kind": "unit",
            "name": "第一单元测验",
            "date": "2026-10-01",
            "scale": "score",
            "full_marks": "100",
            "pass_line": "50",
        },
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.school_class == school.class_a and evaluation.pass_line == 50
    assert evaluation.results.get().goal_attained


@pytest.mark.parametrize("typed", ["NaN", "Infinity", "1e309", "85.25", "-1", "abc"])
def test_a_score_that_is_not_a_mark_is_a_row_error(school, login, evaluation, typed):
    client = login(school.teacher)
    response = client.post(
        reverse("evaluations:detail", args=[evaluation.pk]),
        grid_post(evaluation, {school.student_a: ("80", ""), school.student_a2: (typed, "")}),
    )
    assert response.status_code == 200
    rows = {row.student: row.error for row in response.context["rows"]}
    assert rows[school.student_a] == "" and rows[school.student_a2]
    assert not EvaluationResult.objects.filter(evaluation=evaluation).exists()


def test_a_nul_character_in_a_gap_is_a_row_error(school, login, evaluation):
    client = login(school.teacher)
    response = client.post(
        reverse("evaluations:detail", args=[evaluation.pk]),
        grid_post(evaluation, {school.student_a: ("80", "估算\x00")}),
    )
    assert response.status_code == 200
    assert not EvaluationResult.objects.filter(evaluation=evaluation).exists()


def test_scores_typed_the_chinese_way_are_saved(school, login, evaluation):
    client = login(school.teacher)
    response = client.post(
        reverse("evaluations:detail", args=[evaluation.pk]),
        grid_post(evaluation, {school.student_a: ("９５分", ""), school.student_a2: ("87,5", "")}),
    )
    assert response.status_code == 302
    scores = dict(
        EvaluationResult.objects.filter(evaluation=evaluation).values_list("student", "score")
    )
    assert scores == {school.student_a.pk: Decimal("95"), school.student_a2.pk: Decimal("87.5")}
