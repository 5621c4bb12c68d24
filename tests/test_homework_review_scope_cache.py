"""A review-group member's subjects are kept beside their scope, and a change shows at once."""

from __future__ import annotations

import pytest

from homework.models import Assignment, ReviewGroupMember, reviewed_subject_ids
from school.scoping import Scope

from .factories.homework import AssignmentFactory


@pytest.fixture(autouse=True)
def scope_cache_on(settings):
    """On, as in production with Redis (tests run with it off: config/settings.py)."""
    settings.SCOPE_CACHE_SECONDS = 3600


def visible(user) -> set[int]:
    return set(Assignment.objects.visible_to(Scope.for_user(user)).values_list("pk", flat=True))


def test_joining_and_leaving_a_review_group_show_on_the_next_read(school):
    chinese_c = AssignmentFactory(school_class=school.class_c, subject=school.chinese)
    maths_b = AssignmentFactory(school_class=school.class_b, subject=school.maths)
    assert visible(school.stranger) == {maths_b.pk}
    assert visible(school.stranger) == {maths_b.pk}  # now kept

    member = ReviewGroupMember.objects.create(subject=school.chinese, teacher=school.stranger)
    assert visible(school.stranger) == {maths_b.pk, chinese_c.pk}

    member.delete()
    assert visible(school.stranger) == {maths_b.pk}


def test_the_reviewed_subjects_are_read_once_then_kept(school, django_assert_num_queries):
    ReviewGroupMember.objects.create(subject=school.chinese, teacher=school.stranger)
    assert reviewed_subject_ids(Scope.for_user(school.stranger)) == {school.chinese.pk}
    with django_assert_num_queries(0):
        scope = Scope.for_user(school.stranger)
        assert reviewed_subject_ids(scope) == {school.chinese.pk}
    # Known ids in the list's query, not a subquery of the review groups.
    assert "reviewgroupmember" not in str(Assignment.objects.visible_to(scope).query)


def test_without_the_cache_the_review_groups_are_a_subquery(school, settings):
    settings.SCOPE_CACHE_SECONDS = 0
    chinese_c = AssignmentFactory(school_class=school.class_c, subject=school.chinese)
    ReviewGroupMember.objects.create(subject=school.chinese, teacher=school.stranger)
    scope = Scope.for_user(school.stranger)
    assert reviewed_subject_ids(scope) is None
    assert "reviewgroupmember" in str(Assignment.objects.visible_to(scope).query)
    assert visible(school.stranger) == {chinese_c.pk}
