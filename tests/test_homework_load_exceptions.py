"""The day load counts only the class's pupils' own tiers and items, in pupil order."""

from __future__ import annotations

from decimal import Decimal

from homework.load import day_load
from students.models import Student

from .factories.homework import DAY, PersonalisedItemFactory, StudentTierFactory
from .factories.students import StudentFactory
from .test_homework_load import homework


def test_items_of_pupils_who_left_or_moved_do_not_count(school):
    maths = homework(school, school.maths, {"basic": 20, "extension": 90})
    gone = StudentFactory(
        school_class=school.class_a, student_number="A009", status=Student.Status.TRANSFERRED_OUT
    )
    PersonalisedItemFactory(assignment=maths, student=gone, minutes=200)
    StudentTierFactory(assignment=maths, student=school.student_b, level="extension")

    load = day_load(school.class_a, DAY)

    assert load.student_count == 2
    assert load.average == Decimal("20.0")
    assert load.subjects[0].average == Decimal("20.0")
    assert load.students_over == []


def test_pupils_over_are_listed_in_student_number_order_with_their_minutes(school):
    extra = StudentFactory(school_class=school.class_a, name="王小华", student_number="A000")
    maths = homework(school, school.maths, {"basic": 20, "extension": 50})
    chinese = homework(school, school.chinese, {"basic": 30})
    StudentTierFactory(assignment=maths, student=school.student_a2, level="extension")
    PersonalisedItemFactory(assignment=chinese, student=extra, minutes=45)
    StudentTierFactory(assignment=maths, student=extra, level="extension")

    load = day_load(school.class_a, DAY)

    # 王小华 50 + 45 = 95, 张小明 20 + 30 = 50, 刘小红 50 + 30 = 80; average 75.
    assert load.students_over == [(extra, 95), (school.student_a2, 80)]
    assert load.average == Decimal("75.0")
    assert [s.average for s in load.subjects] == [Decimal("35.0"), Decimal("40.0")]


def test_a_pupil_below_a_class_day_over_the_limit_is_not_listed(school):
    chinese = homework(school, school.chinese, {"basic": 40})
    homework(school, school.maths, {"basic": 30})
    PersonalisedItemFactory(assignment=chinese, student=school.student_a2, minutes=5)

    load = day_load(school.class_a, DAY)

    # 张小明 70 (over 60), 刘小红 35.
    assert load.students_over == [(school.student_a, 70)]
    assert load.average == Decimal("52.5")
