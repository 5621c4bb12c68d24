"""The school dashboard: figures from the scope, charts as SVG, links to the lists behind them."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories.reports import make_case, seed_cases
from .factories.students import StudentFactory


@pytest.fixture
def seeded(school):
    school.cases = seed_cases(school)
    return school


def board(client):
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    return response.context["board"], response.text


def chart(board, title_part):
    return next(c for c in board.charts if title_part in c.title)


def test_principal_sees_the_whole_school(login, seeded):
    data, html = board(login(seeded.principal))
    assert data.cases == 5
    assert data.struggling == 4
    assert data.open_cases == 3
    assert data.rate.percent == 40.0
    assert data.previous_rate.percent == 25.0
    by_grade = {b.label: b.value for b in chart(data, "年级").bars}
    assert by_grade == {"三年级": 3, "四年级": 1}
    by_class = {b.label: b.value for b in chart(data, "各班").bars}
    assert by_class == {"三年级(1)班": 2, "三年级(2)班": 1, "四年级(1)班": 1}
    assert "<svg" in html and "<rect" in html


def test_director_sees_their_subjects(login, seeded):
    data, _html = board(login(seeded.director))
    assert data.cases == 2  # the two Chinese cases, school-wide
    assert {b.label for b in chart(data, "学科").bars} == {"语文"}


def test_grade_leader_sees_their_grade(login, seeded):
    data, _html = board(login(seeded.leader))
    assert {b.label for b in chart(data, "各班").bars} == {"三年级(1)班", "三年级(2)班"}
    assert data.cases == 4


def test_head_teacher_sees_their_class(login, seeded):
    data, _html = board(login(seeded.head))
    assert {b.label for b in chart(data, "各班").bars} == {"三年级(1)班"}
    assert data.cases == 3


def test_subject_teacher_and_nobody_are_refused(login, seeded):
    for user in (seeded.teacher, seeded.nobody):
        assert login(user).get(reverse("reports:dashboard")).status_code == 403


def test_figures_link_to_the_lists_behind_them(login, seeded):
    data, html = board(login(seeded.principal))
    class_bar = next(b for b in chart(data, "各班").bars if b.label == "三年级(2)班")
    assert class_bar.url
    assert f"school_class={seeded.class_b.pk}" in class_bar.url
    grade_bar = next(b for b in chart(data, "年级").bars if b.label == "三年级")
    assert grade_bar.url.startswith(reverse("reports:dashboard"))
    assert f"grade={seeded.grade.pk}" in grade_bar.url
    drilled, _ = board_for(login(seeded.principal), grade_bar.url)
    assert drilled.cases == 4
    assert f'href="{class_bar.url.replace("&", "&amp;")}"' in html


def board_for(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.context["board"], response.text


def test_charts_use_no_style_attributes_or_scripts(login, seeded):
    _data, html = board(login(seeded.principal))
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert " style=" not in main
    assert "<script" not in main
    assert re.search(r'<rect x="\d+" y="\d+" width="[\d.]+" height="\d+"', main)


def test_dashboard_runs_a_constant_number_of_queries(login, seeded):
    client = login(seeded.principal)
    client.get(reverse("reports:dashboard"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reports:dashboard"))
    for _n in range(30):
        student = StudentFactory(school_class=seeded.class_c)
        make_case(student=student, subject=seeded.maths, term=seeded.term, by=seeded.admin)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("reports:dashboard"))
    assert len(few) == len(many)


def test_home_dashboard_panel_and_nav_for_the_roles_that_use_them(login, seeded):
    html = login(seeded.principal).get(reverse("dashboard")).text
    assert reverse("reports:dashboard") in html
    html = login(seeded.teacher).get(reverse("dashboard")).text
    assert f'href="{reverse("reports:dashboard")}"' not in html
    assert reverse("reports:export") in html


def test_dashboard_in_english(login, seeded):
    client = login(seeded.principal)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("reports:dashboard"))
    assert "School dashboard" in response.text
    titles = [c.title for c in response.context["board"].charts]
    assert "Struggling students by class" in titles
