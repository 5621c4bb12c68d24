"""The scope is cached per user and term, and a change of role shows on the next request."""

from __future__ import annotations

import datetime
from unittest.mock import ANY

import pytest
from django.test import Client
from django.urls import reverse

from school import scope_cache
from school.models import (
    ClassHeadship,
    GradeLeadership,
    SubjectDirectorship,
    TeachingAssignment,
)
from school.scoping import Scope

from .factories.school import (
    ClassHeadshipFactory,
    GradeLeadershipFactory,
    SubjectDirectorshipFactory,
    TeachingAssignmentFactory,
    TermFactory,
)


@pytest.fixture(autouse=True)
def scope_cache_on(settings):
    """On, as in production with Redis (tests run with it off: config/settings.py)."""
    settings.SCOPE_CACHE_SECONDS = 3600


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def profile(school, student=None) -> str:
    return reverse("students:detail", kwargs={"student_pk": (student or school.student_a).pk})


def test_the_scope_is_read_once_then_cached(school, django_assert_num_queries):
    first = Scope.for_user(school.teacher)
    with django_assert_num_queries(0):
        again = Scope.for_user(school.teacher)
    assert again.teaching == first.teaching == {(school.class_a.pk, school.maths.pk)}
    assert again.term == school.term


def test_the_current_term_and_the_roles_are_one_read_of_the_cache(school, monkeypatch):
    Scope.for_user(school.teacher)
    reads: list[object] = []
    for name in ("get", "get_many"):
        real = getattr(scope_cache, name)
        monkeypatch.setattr(
            scope_cache, name, lambda keys, real=real: reads.append(keys) or real(keys)
        )
    scope = Scope.for_user(school.teacher)
    assert reads == [[ANY, ANY]]  # (a mget in Redis), after the generation
    assert scope.teaching == {(school.class_a.pk, school.maths.pk)} and scope.term == school.term


def test_an_assignment_removed_on_the_roles_page_ends_access_on_the_next_request(school):
    teacher = client_for(school.teacher)
    assert teacher.get(profile(school)).status_code == 200
    assert teacher.get(profile(school)).status_code == 200  # now from the cache

    assignment = TeachingAssignment.objects.get(teacher=school.teacher)
    response = client_for(school.admin).post(
        reverse(
            "school:assignment_delete", kwargs={"kind": "teaching", "assignment_pk": assignment.pk}
        )
    )
    assert response.status_code == 302
    assert not TeachingAssignment.objects.filter(teacher=school.teacher).exists()

    assert teacher.get(profile(school)).status_code == 404


def test_a_new_assignment_gives_access_on_the_next_request(school):
    stranger = client_for(school.stranger)
    assert stranger.get(profile(school)).status_code == 404

    TeachingAssignmentFactory(
        term=school.term, teacher=school.stranger, school_class=school.class_a, subject=school.maths
    )
    assert stranger.get(profile(school)).status_code == 200


@pytest.mark.parametrize("role", ["headship", "grade leadership", "directorship"])
def test_every_other_role_takes_effect_on_the_next_request(school, role):
    nobody = client_for(school.nobody)
    assert nobody.get(profile(school)).status_code == 404

    if role == "headship":
        ClassHeadship.objects.filter(school_class=school.class_a).delete()
        made = ClassHeadshipFactory(
            term=school.term, school_class=school.class_a, teacher=school.nobody
        )
    elif role == "grade leadership":
        made = GradeLeadershipFactory(term=school.term, grade=school.grade, teacher=school.nobody)
    else:
        made = SubjectDirectorshipFactory(subject=school.maths, teacher=school.nobody)
    assert nobody.get(profile(school)).status_code == 200

    made.delete()
    assert nobody.get(profile(school)).status_code == 404
    assert not (
        ClassHeadship.objects.filter(teacher=school.nobody).exists()
        or GradeLeadership.objects.filter(teacher=school.nobody).exists()
        or SubjectDirectorship.objects.filter(teacher=school.nobody).exists()
    )


def test_a_new_current_term_and_its_copied_roles_take_effect_on_the_next_request(school):
    teacher = client_for(school.teacher)
    admin = client_for(school.admin)
    assert teacher.get(profile(school)).status_code == 200
    spring = TermFactory(
        academic_year="2026-2027",
        name="第二学期",
        start=datetime.date(2027, 2, 20),
        midterm_review=datetime.date(2027, 4, 20),
        final_review=datetime.date(2027, 6, 20),
        end=datetime.date(2027, 7, 5),
    )

    admin.post(reverse("school:term_make_current", kwargs={"term_pk": spring.pk}))
    assert Scope.for_user(school.teacher).term == spring
    assert teacher.get(profile(school)).status_code == 404  # no roles in the new term yet

    admin.post(reverse("school:term_copy", kwargs={"term_pk": spring.pk}))  # bulk, no signals
    assert TeachingAssignment.objects.filter(term=spring, teacher=school.teacher).exists()
    assert teacher.get(profile(school)).status_code == 200


def test_without_the_cache_the_scope_is_read_every_time(
    school, settings, django_assert_num_queries
):
    settings.SCOPE_CACHE_SECONDS = 0
    Scope.for_user(school.teacher)
    with django_assert_num_queries(5):  # the current term, then the four role tables
        scope = Scope.for_user(school.teacher)
    assert scope.teaching == {(school.class_a.pk, school.maths.pk)}
