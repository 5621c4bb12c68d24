"""A school leader sees every record of the kinds whose scope adds "and their own": homework,
lesson records, peer pairings (``record_q`` is ``Q()`` for them, and ``Q() | X`` is ``X``
alone, which once showed a principal only the homework of the subjects they review)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from afterschool.models import PeerPairing
from homework.models import Assignment, LessonRecord
from school.scoping import Scope

from .factories.afterschool import pairing_a
from .factories.homework import URL_KWARGS, class_a_homework

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("leader", ["principal", "admin"])
def test_a_school_leader_sees_every_class_homework_lesson_and_pairing(school, leader):
    homework = class_a_homework(school)
    lesson = LessonRecord.objects.get(pk=URL_KWARGS["lesson_pk"](school))
    pairing = pairing_a(school)
    scope = Scope.for_user(getattr(school, leader))
    assert scope.school_wide
    assert list(Assignment.objects.visible_to(scope)) == [homework]
    assert list(LessonRecord.objects.visible_to(scope)) == [lesson]
    assert list(PeerPairing.objects.visible_to(scope)) == [pairing]


def test_the_principal_finds_a_teachers_homework_in_the_list(school, login):
    class_a_homework(school)
    page = login(school.principal).get(reverse("homework:list")).content.decode()
    assert "class A maths" in page


def test_a_stranger_still_sees_none_of_them(school):
    class_a_homework(school)
    URL_KWARGS["lesson_pk"](school)
    pairing_a(school)
    scope = Scope.for_user(school.stranger)
    assert not Assignment.objects.visible_to(scope).exists()
    assert not LessonRecord.objects.visible_to(scope).exists()
    assert not PeerPairing.objects.visible_to(scope).exists()
