"""The school dashboard's figures are kept for a few minutes, per user, roles, term, filters
and language; a role change, another filter or another language is a fresh build."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import figures
from school.models import ClassHeadship

from .factories.reports import make_case, seed_cases
from .factories.students import StudentFactory


@pytest.fixture
def seeded(school, settings):
    settings.DASHBOARD_CACHE_SECONDS = 120
    cache.clear()
    school.cases = seed_cases(school)
    yield school
    cache.clear()


def _get(client, **params):
    response = client.get(reverse("reports:dashboard"), params)
    assert response.status_code == 200
    return response


def _by_class(board):
    return next(c for c in board.charts if "各班" in c.title)


def test_a_second_view_reads_the_kept_figures(login, seeded):
    client = login(seeded.principal)
    first = _get(client)
    assert first.context["board"].cases == 5
    with CaptureQueriesContext(connection) as cached:
        again = _get(client)
    assert again.context["board"].cases == 5
    assert not any("students_supportcase" in q["sql"] for q in cached.captured_queries)
    # Minutes-old figures are fine: a new case shows once the kept figures expire.
    make_case(
        student=StudentFactory(school_class=seeded.class_a),
        subject=seeded.maths,
        term=seeded.term,
        by=seeded.admin,
    )
    assert _get(client).context["board"].cases == 5
    cache.clear()  # the time-to-live has passed
    assert _get(client).context["board"].cases == 6


def test_the_key_holds_the_filters_the_language_and_the_user(login, seeded):
    client = login(seeded.principal)
    assert _get(client).context["board"].cases == 5
    one_class = _get(client, term=seeded.term.pk, school_class=seeded.class_a.pk)
    assert one_class.context["board"].cases != 5
    client.cookies["django_language"] = "en"
    titles = [c.title for c in _get(client).context["board"].charts]
    assert "Struggling students by class" in titles
    leader = _get(login(seeded.leader)).context["board"]
    assert leader.cases == 4  # their grade's, not the principal's kept figures


def test_a_role_change_is_a_fresh_build(login, seeded):
    client = login(seeded.head)
    before = _get(client).context["board"]
    assert {b.label for b in _by_class(before).bars} == {"三年级(1)班"}
    ClassHeadship.objects.create(term=seeded.term, teacher=seeded.head, school_class=seeded.class_b)
    after = _get(client).context["board"]
    assert {b.label for b in _by_class(after).bars} == {"三年级(1)班", "三年级(2)班"}


def test_kept_for_five_minutes_at_most(settings):
    settings.DASHBOARD_CACHE_SECONDS = 3600
    assert figures.cache_seconds() == 300
    settings.DASHBOARD_CACHE_SECONDS = 0
    assert figures.cache_seconds() == 0


def test_the_charts_are_kept_with_their_figures_in_each_language(login, seeded):
    client = login(seeded.principal)
    first = _get(client).content.decode()
    assert "三年级(1)班" in first
    with CaptureQueriesContext(connection) as cached:
        again = _get(client).content.decode()

    def charts(page):
        return page.split('<div class="row g-3">', 1)[1].split('<p class="text-muted small', 1)[0]

    assert charts(again) == charts(first)
    assert not any("students_supportcase" in q["sql"] for q in cached.captured_queries)
    client.cookies["django_language"] = "en"
    english = _get(client).content.decode()
    assert "Struggling students by class" in english
    assert "Struggling students by class" not in first
    # New figures (the kept ones expired) come with their own charts, never the old ones.
    make_case(
        student=StudentFactory(school_class=seeded.class_b),
        subject=seeded.maths,
        term=seeded.term,
        by=seeded.admin,
    )
    cache.clear()
    client.cookies["django_language"] = "zh-hans"
    assert "三年级(2)班" in _get(client).content.decode()
