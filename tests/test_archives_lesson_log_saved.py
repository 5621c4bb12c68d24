"""The lesson log remembers: what was saved for this lesson, with an edit link per row."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archives.models import Observation

from .factories.students import StudentFactory, SupportCaseFactory
from .test_archives_lesson_log import five_cases, lesson_url

pytestmark = pytest.mark.django_db


def lesson_data(cases, date="2026-10-12", kind="classroom"):
    data = {"date": date, "kind": kind}
    for i, case in enumerate(cases):
        data[f"row-{case.pk}-rating"] = str(i % 5 + 1)
        data[f"row-{case.pk}-note"] = f"主动举手{i}"
    return data


def test_after_saving_the_page_shows_what_was_saved_with_edit_links(school, login):
    cases = five_cases(school)
    client = login(school.teacher)
    response = client.post(lesson_url(school), lesson_data(cases), follow=True)
    assert response.redirect_chain[-1][0] == lesson_url(school) + "?date=2026-10-12&kind=classroom"
    body = response.content.decode()
    assert 'id="lesson-saved"' in body
    saved = response.context["saved"]
    assert [o.note for o in saved] == [f"主动举手{i}" for i in range(5)]
    for o in saved:
        assert reverse("archives:observation_edit", args=[o.entry.pk]) in body
    # The form keeps the lesson's date for a correction.
    assert 'value="2026-10-12"' in body


def test_a_resubmitted_lesson_is_not_saved_twice(school, login):
    cases = five_cases(school)
    client = login(school.teacher)
    form = client.get(lesson_url(school)).content.decode()
    key = form.split('name="submission_key" value="')[1].split('"')[0]
    data = {**lesson_data(cases), "submission_key": key}
    client.post(lesson_url(school), data)
    client.post(lesson_url(school), data)
    assert Observation.objects.count() == 5


def test_returning_to_the_lesson_shows_its_entries_only(school, login):
    cases = five_cases(school)
    client = login(school.teacher)
    client.post(lesson_url(school), lesson_data(cases))
    client.post(lesson_url(school), lesson_data(cases[:1], kind="homework"))
    same = client.get(lesson_url(school) + "?date=2026-10-12&kind=classroom")
    assert len(same.context["saved"]) == 5
    other_kind = client.get(lesson_url(school) + "?date=2026-10-12&kind=homework")
    assert len(other_kind.context["saved"]) == 1
    other_day = client.get(lesson_url(school) + "?date=2026-10-13&kind=classroom")
    assert (
        other_day.context["saved"] == [] and 'id="lesson-saved"' not in other_day.content.decode()
    )
    # A bad date in the address falls back to today's lesson, never a 500.
    assert client.get(lesson_url(school) + "?date=nonsense&kind=classroom").status_code == 200


def test_withdrawn_entries_are_not_shown(school, login):
    cases = five_cases(school)
    client = login(school.teacher)
    client.post(lesson_url(school), lesson_data(cases))
    first = Observation.objects.order_by("case__student__student_number").first()
    client.post(reverse("archives:observation_delete", args=[first.pk]))
    response = client.get(lesson_url(school) + "?date=2026-10-12&kind=classroom")
    assert (
        first not in [s.entry for s in response.context["saved"]]
        and len(response.context["saved"]) == 4
    )


def test_the_remembered_lesson_runs_a_constant_number_of_queries(school, login, constant_queries):
    client = login(school.teacher)
    url = lesson_url(school) + "?date=2026-10-12&kind=classroom"
    client.post(lesson_url(school), lesson_data(five_cases(school)))

    def grow():
        more = [
            SupportCaseFactory(
                student=StudentFactory(school_class=school.class_a, student_number=f"A4{i:02d}"),
                subject=school.maths,
                identified_by=school.teacher,
            )
            for i in range(10)
        ]
        client.post(lesson_url(school), lesson_data(more))

    constant_queries(lambda: client.get(url), grow)
    assert Observation.objects.count() == 15
