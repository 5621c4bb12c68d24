"""A grade leader reaches the class comparison of their grade's evaluations from the
evaluation list and the dashboard; outside the grade it is a 404."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from .factories.evaluations import EvaluationFactory, EvaluationResultFactory
from .factories.school import GradeLeadershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _unit(school, school_class, name="第三单元测验", subject=None, day=10):
    return EvaluationFactory(
        term=school.term,
        school_class=school_class,
        subject=subject or school.chinese,
        name=name,
        date=datetime.date(2026, 11, day),
        created_by=school.head,
    )


@pytest.fixture
def units(school):
    a = _unit(school, school.class_a)
    b = _unit(school, school.class_b, day=11)
    EvaluationResultFactory(evaluation=a, student=school.student_a, score=58)
    EvaluationResultFactory(evaluation=b, student=school.student_b, score=90)
    other_grade = _unit(school, school.class_c, name="四年级单元测验")
    return {"a": a, "b": b, "other_grade": other_grade}


def test_the_grade_leader_finds_and_opens_the_comparison(school, login, units):
    client = login(school.leader)
    listing = client.get(reverse("evaluations:list")).content.decode()
    block = listing.split('id="grade-comparisons"')[1].split("</ul>")[0]
    url = reverse("evaluations:compare", args=[units["a"].pk])
    assert f'href="{url}"' in block and "第三单元测验" in block and "2 个班" in block
    assert "四年级单元测验" not in block  # another grade

    dashboard = client.get(reverse("dashboard")).content.decode()
    panel = dashboard.split('id="panel-evaluations"')[1].split("</ul>")[0]
    assert f'href="{url}"' in panel

    page = client.get(url)
    assert page.status_code == 200
    table = page.content.decode().split('data-testid="comparison"')[1].split("</table>")[0]
    assert "三年级(1)班" in table and "三年级(2)班" in table
    assert "张小明" not in table  # figures only


def test_outside_the_grade_the_comparison_is_a_404(school, login, units):
    url = reverse("evaluations:compare", args=[units["a"].pk])
    assert login(school.stranger).get(url).status_code == 404  # maths in class B only
    other_leader = UserFactory(username="leader4", full_name="四年级组长")
    GradeLeadershipFactory(term=school.term, grade=school.other_grade, teacher=other_leader)
    client = login(other_leader)
    assert client.get(url).status_code == 404
    listing = client.get(reverse("evaluations:list")).content.decode()
    assert "第三单元测验" not in listing and "四年级单元测验" in listing


def test_a_teacher_without_a_grade_sees_no_comparison_block(school, login, units):
    html = login(school.teacher).get(reverse("evaluations:list")).content.decode()
    assert 'id="grade-comparisons"' not in html


def test_the_list_runs_constant_queries_whatever_the_evaluations(
    school, login, units, constant_queries
):
    client = login(school.leader)
    n = [0]

    def grow():
        for cls in (school.class_a, school.class_b):
            n[0] += 1
            _unit(school, cls, name=f"测验{n[0] // 2}", subject=school.maths, day=n[0])

    constant_queries(lambda: client.get(reverse("evaluations:list")), grow)
