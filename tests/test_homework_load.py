"""Load arithmetic: across subjects, tiers, per-student tiers and personalised items."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from homework.load import day_load, day_loads
from homework.models import Assignment, LoadLimit

from .factories.homework import (
    DAY,
    AssignmentFactory,
    PersonalisedItemFactory,
    StudentTierFactory,
    TierFactory,
)
from .factories.school import SubjectFactory


def homework(school, subject, minutes, *, school_class=None, day=DAY, **kwargs):
    a = AssignmentFactory(
        school_class=school_class or school.class_a, subject=subject, date=day, **kwargs
    )
    for level, m in minutes.items():
        TierFactory(assignment=a, level=level, minutes=m)
    return a


def test_policy_limits_are_seeded(db):
    assert dict(LoadLimit.objects.values_list("band", "minutes")) == {
        "lower": 0,
        "upper": 60,
        "junior": 90,
    }


def test_students_sum_across_subjects_with_their_own_tiers(school):
    chinese = homework(school, school.chinese, {"basic": 20})
    maths = homework(school, school.maths, {"basic": 15, "improving": 20, "extension": 30})
    english = SubjectFactory(name="英语", code="english", order=2)
    homework(school, english, {"basic": 10})
    # 张小明 takes maths' extension tier; 刘小红 the class's basic tier.
    StudentTierFactory(assignment=maths, student=school.student_a, level="extension")

    load = day_load(school.class_a, DAY)

    assert load.limit == 60
    # 张小明 20 + 30 + 10 = 60; 刘小红 20 + 15 + 10 = 45; average 52.5.
    assert load.average == Decimal("52.5")
    assert not load.over
    assert [(s.subject.code, s.class_minutes) for s in load.subjects] == [
        ("chinese", 20),
        ("maths", 15),
        ("english", 10),
    ]
    maths_load = load.subjects[1]
    assert maths_load.average == Decimal("22.5")
    assert load.students_over == []
    assert chinese.pk in load.subjects[0].assignment_ids


def test_personalised_item_replaces_the_tier_and_students_over_are_listed(school):
    homework(school, school.chinese, {"basic": 30})
    maths = homework(school, school.maths, {"basic": 25, "improving": 35})
    maths.default_level = "improving"
    maths.save()
    PersonalisedItemFactory(assignment=maths, student=school.student_a2, minutes=10)

    load = day_load(school.class_a, DAY)

    # 张小明 30 + 35 = 65 (over); 刘小红 30 + 10 = 40; average 52.5 (within).
    assert load.average == Decimal("52.5")
    assert not load.over
    assert load.students_over == [(school.student_a, 65)]


def test_the_class_average_over_the_limit_is_over(school):
    homework(school, school.chinese, {"basic": 30})
    homework(school, school.maths, {"basic": 31})
    load = day_load(school.class_a, DAY)
    assert load.average == Decimal("61.0")
    assert load.over
    assert {s.name for s, _m in load.students_over} == {"张小明", "刘小红"}


def test_in_class_and_non_written_homework_do_not_count(school):
    homework(school, school.chinese, {"basic": 40}, kind=Assignment.Kind.READING)
    homework(school, school.maths, {"basic": 40}, phase=Assignment.Phase.IN_CLASS)
    homework(school, school.maths, {"basic": 5}, phase=Assignment.Phase.PRE_CLASS)
    assert day_load(school.class_a, DAY).average == Decimal("5.0")


def test_weekends_count_like_school_days_and_grades_1_2_allow_no_written_homework(school):
    from .factories.school import GradeFactory, SchoolClassFactory
    from .factories.students import StudentFactory

    saturday = datetime.date(2026, 11, 21)
    homework(school, school.maths, {"basic": 70}, day=saturday)
    assert day_load(school.class_a, saturday).over

    first = SchoolClassFactory(grade=GradeFactory(level=1), number=1)
    StudentFactory(school_class=first)
    homework(school, school.maths, {"basic": 5}, school_class=first)
    load = day_load(first, DAY)
    assert load.limit == 0 and load.over


def test_an_edited_limit_is_used(school):
    LoadLimit.objects.filter(band="upper").update(minutes=40)
    homework(school, school.maths, {"basic": 45})
    load = day_load(school.class_a, DAY)
    assert load.limit == 40 and load.over


def test_day_loads_runs_a_constant_number_of_queries(school, django_assert_num_queries):
    days = [DAY + datetime.timedelta(days=i) for i in range(7)]
    homework(school, school.maths, {"basic": 20})
    classes = [school.class_a, school.class_b]
    # Limits, subject caps, school week, calendar days, assignments, tiers, student
    # tiers, personalised items, subjects, students.
    with django_assert_num_queries(10) as few:
        day_loads(classes, days)
    for day in days:
        for c in classes:
            a = homework(
                school, school.chinese, {"basic": 10, "improving": 15}, school_class=c, day=day
            )
            StudentTierFactory(assignment=a, student=school.student_a, level="improving")
            PersonalisedItemFactory(assignment=a, student=school.student_a2)
    with django_assert_num_queries(len(few.captured_queries)):
        loads = day_loads(classes, days)
    # 张小明 20 + 15 (improving); 刘小红 20 + 10 (personalised).
    assert loads[(school.class_a.pk, DAY)].average == Decimal("32.5")


@pytest.mark.parametrize("level", ["basic", "improving", "extension"])
def test_a_tier_the_assignment_lacks_falls_back_to_basic(school, level):
    maths = homework(school, school.maths, {"basic": 12})
    StudentTierFactory(assignment=maths, student=school.student_a, level=level)
    assert day_load(school.class_a, DAY).average == Decimal("12.0")
