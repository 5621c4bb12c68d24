"""A lesson's observations for several students in one submission."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archives.models import Observation

from .factories.students import StudentFactory, SupportCaseFactory

pytestmark = pytest.mark.django_db


def five_cases(school):
    return [
        SupportCaseFactory(
            student=StudentFactory(school_class=school.class_a, student_number=f"A1{i:02d}"),
            subject=school.maths,
            identified_by=school.teacher,
        )
        for i in range(5)
    ]


def lesson_url(school, subject=None):
    return reverse("archives:lesson_log", args=[school.class_a.pk, (subject or school.maths).pk])


def test_five_students_logged_in_one_submission(school, login):
    cases = five_cases(school)
    data = {"date": "2026-10-12", "kind": "classroom"}
    for i, case in enumerate(cases):
        data[f"row-{case.pk}-rating"] = str(i % 5 + 1)
        data[f"row-{case.pk}-note"] = f"第{i}位"
    response = login(school.teacher).post(lesson_url(school), data)
    assert response.status_code == 302
    saved = Observation.objects.order_by("case__student__student_number")
    assert [(o.case, o.rating, o.note) for o in saved] == [
        (c, i % 5 + 1, f"第{i}位") for i, c in enumerate(cases)
    ]
    assert {o.author for o in saved} == {school.teacher}
    assert {str(o.date) for o in saved} == {"2026-10-12"}


def test_a_bad_row_shows_its_error_and_keeps_the_other_rows(school, login):
    cases = five_cases(school)
    data = {"date": "2026-10-12", "kind": "homework"}
    for i, case in enumerate(cases):
        data[f"row-{case.pk}-rating"] = "9" if i == 2 else str(i + 1)
        data[f"row-{case.pk}-note"] = f"note {i}"
    response = login(school.teacher).post(lesson_url(school), data)
    assert response.status_code == 200
    assert not Observation.objects.exists()
    rows = {r.case: r.form for r in response.context["rows"]}
    assert rows[cases[2]].errors and not rows[cases[0]].errors
    body = response.content.decode()
    assert 'value="note 4"' in body and 'value="5"' in body and 'value="9"' in body


def test_empty_rows_are_skipped_and_an_empty_lesson_is_an_error(school, login):
    cases = five_cases(school)
    client = login(school.teacher)
    response = client.post(lesson_url(school), {"date": "2026-10-12", "kind": "classroom"})
    assert response.status_code == 200 and response.context["error"]
    client.post(
        lesson_url(school),
        {"date": "2026-10-12", "kind": "classroom", f"row-{cases[0].pk}-rating": "3"},
    )
    assert Observation.objects.count() == 1


def test_only_teachers_of_the_subject_in_the_class_can_log(school, login):
    five_cases(school)
    assert login(school.stranger).get(lesson_url(school)).status_code == 404
    assert login(school.teacher).get(lesson_url(school, school.chinese)).status_code == 404
    assert login(school.head).get(lesson_url(school)).status_code == 200


def test_class_page_links_to_batch_logging_for_the_viewers_subjects(school, login):
    body = login(school.teacher).get(reverse("class_detail", args=[school.class_a.pk]))
    text = body.content.decode()
    assert lesson_url(school) in text
    assert lesson_url(school, school.chinese) not in text
    assert reverse("archives:class_overview", args=[school.class_a.pk]) in text


def test_the_batch_form_runs_a_constant_number_of_queries(school, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(school.teacher)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(lesson_url(school)).status_code == 200
        return len(ctx.captured_queries)

    five_cases(school)
    few = count()
    for i in range(25):
        SupportCaseFactory(
            student=StudentFactory(school_class=school.class_a, student_number=f"A3{i:02d}"),
            subject=school.maths,
            identified_by=school.teacher,
        )
    assert count() == few
