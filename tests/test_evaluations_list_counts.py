"""The evaluations list: each row's results and results below the goal, read with the page."""

from __future__ import annotations

from django.urls import reverse

from .test_evaluations_warnings_runs import evaluation


def test_each_row_counts_its_own_results_and_those_not_attained(school, login, constant_queries):
    a, a2 = school.student_a, school.student_a2
    mixed = evaluation(school, 1, {a: "40", a2: "90"})
    passed = evaluation(school, 2, {a: "80"})
    empty = evaluation(school, 3, {})
    client = login(school.teacher)
    url = reverse("evaluations:list")
    response = client.get(url)
    rows = {e.pk: (e.result_count, e.below_count) for e in response.context["page"]}
    assert rows == {mixed.pk: (2, 1), passed.pk: (1, 0), empty.pk: (0, 0)}
    assert isinstance(response.context["page"].object_list, list)

    def grow():
        for day in range(4, 14):
            evaluation(school, day, {a: "30", a2: "70"})

    constant_queries(lambda: client.get(url), grow)
