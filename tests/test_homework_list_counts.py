"""The homework list: each row's tiers and marking records, read with the page."""

from __future__ import annotations

from django.urls import reverse

from .factories.homework import DAY, AssignmentFactory, MarkingRecordFactory, TierFactory


def test_each_row_shows_its_own_tiers_and_markings(school, login):
    two = AssignmentFactory(school_class=school.class_a, subject=school.maths, date=DAY)
    TierFactory(assignment=two, level="basic")
    TierFactory(assignment=two, level="improving")
    MarkingRecordFactory(assignment=two, student=school.student_a)
    MarkingRecordFactory(assignment=two, student=school.student_a2)
    MarkingRecordFactory(assignment=two, student=school.student_b)
    bare = AssignmentFactory(school_class=school.class_a, subject=school.maths, date=DAY)
    client = login(school.teacher)
    response = client.get(reverse("homework:list"))
    rows = {a.pk: (a.tier_count, a.marking_count) for a in response.context["page"]}
    assert rows == {two.pk: (2, 3), bare.pk: (0, 0)}

    # Read by the view, not lazily from the template.
    assert isinstance(response.context["page"].object_list, list)
    assert isinstance(response.context["classes"], list)
