"""The visit plan: who is overdue for a home visit, by how many days; reminders; evidence."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from archives.models import SupportCase
from family import evidence, reminders_due, selectors
from family.models import FamilyContact
from students.models import Student

from .factories.family import FamilyContactFactory, open_case
from .factories.students import StudentFactory

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def plan(school, settings):
    settings.HOME_VISIT_INTERVAL_DAYS = 30
    term = school.term  # starts 2026-09-01
    # Visited 10 days ago: on track.
    open_case(school.student_a, school.maths, term, school.teacher)
    FamilyContactFactory(
        student=school.student_a, recorded_by=school.head, date=TODAY - datetime.timedelta(10)
    )
    # Only a phone call, case identified on the first day of term: overdue since 2026-10-01.
    open_case(school.student_a2, school.chinese, term, school.head)
    FamilyContactFactory(
        student=school.student_a2,
        recorded_by=school.head,
        channel=FamilyContact.Channel.PHONE,
        date=TODAY - datetime.timedelta(3),
    )
    # Class B: visited 45 days ago, 15 days overdue.
    open_case(school.student_b, school.maths, term, school.stranger)
    FamilyContactFactory(
        student=school.student_b, recorded_by=school.stranger, date=TODAY - datetime.timedelta(45)
    )
    # Identified yesterday, never visited: not overdue yet.
    newcomer = StudentFactory(school_class=school.class_a, name="新来的")
    open_case(newcomer, school.maths, term, school.teacher, identified_on=TODAY)
    # Improved case: not struggling any more, not on the plan.
    improved = StudentFactory(school_class=school.class_a, name="进步了")
    SupportCase.objects.create(
        student=improved,
        subject=school.maths,
        term=term,
        identified_by=school.teacher,
        status=SupportCase.Status.IMPROVED,
    )
    school.newcomer = newcomer
    school.improved = improved
    return school


def test_overdue_students_and_days(plan):
    rows = {
        s.name: selectors.days_overdue(s.clock, TODAY)
        for s in selectors.with_visit_status(Student.objects.all(), plan.term)
    }
    assert rows == {"张小明": 0, "刘小红": 50, "陈小刚": 15, "新来的": 0}
    overdue = set(
        selectors.overdue(Student.objects.all(), plan.term, TODAY).values_list("name", flat=True)
    )
    assert overdue == {"刘小红", "陈小刚"}


def test_interval_is_configurable(plan, settings):
    settings.HOME_VISIT_INTERVAL_DAYS = 60
    overdue = set(
        selectors.overdue(Student.objects.all(), plan.term, TODAY).values_list("name", flat=True)
    )
    assert overdue == {"刘小红"}


def test_class_summaries(plan):
    summaries = selectors.class_summaries(
        Student.objects.all(), plan.class_a.__class__.objects.all(), plan.term, TODAY
    )
    by_class = {s.school_class.pk: s for s in summaries}
    a = by_class[plan.class_a.pk]
    assert (a.struggling, a.overdue, a.visited_this_term) == (3, 1, 1)
    b = by_class[plan.class_b.pk]
    assert (b.struggling, b.overdue, b.visited_this_term) == (1, 1, 1)


def test_head_teacher_sees_own_class_overdue_on_the_plan(login, plan, time_machine):
    time_machine.move_to("2026-11-20 04:00")
    content = login(plan.head).get(reverse("family:visit_plan") + "?overdue=1").content.decode()
    assert "刘小红" in content and "张小明" not in content and "陈小刚" not in content


def test_visit_plan_query_count_is_constant(login, plan, django_assert_num_queries):
    client = login(plan.principal)
    client.get(reverse("family:visit_plan"))  # warm up sessions and caches

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("family:visit_plan")).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for _i in range(27):
        s = StudentFactory(school_class=plan.class_a)
        open_case(s, plan.maths, plan.term, plan.teacher)
        FamilyContactFactory(student=s, recorded_by=plan.head)
    assert count() == few


def test_reminders_one_per_head_teacher_per_week(plan):
    from .factories.school import ClassHeadshipFactory

    ClassHeadshipFactory(term=plan.term, school_class=plan.class_b, teacher=plan.stranger)
    due = list(reminders_due.due(today=TODAY))
    by_user = {r.user_id: r for r in due}
    assert set(by_user) == {plan.head.pk, plan.stranger.pk}
    head = by_user[plan.head.pk]
    assert head.kind == "home_visit_overdue"
    assert head.key == "2026-W47"
    assert "刘小红" in head.body and "50" in head.body and "张小明" not in head.body
    assert "陈小刚" in by_user[plan.stranger.pk].body
    # Same week, same key: the scan sends it once.
    assert {r.key for r in reminders_due.due(today=TODAY + datetime.timedelta(1))} == {"2026-W47"}


def test_reminders_constant_queries(plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        list(reminders_due.due(today=TODAY))


def test_evidence_for_head_teacher(plan):
    FamilyContactFactory(
        student=plan.student_a2,
        recorded_by=plan.head,
        channel=FamilyContact.Channel.PHONE,
        date=TODAY - datetime.timedelta(2),
    )
    items = evidence.evidence(
        teacher=plan.head,
        term=plan.term,
        start=plan.term.start,
        end=TODAY,
    )
    # the head's struggling students: 张小明, 刘小红 and the newcomer (the improved one is not)
    values = [i.value for i in items]
    assert values == [3, 2, 1, 1]  # contacts, families reached, home visits, overdue
    assert (items[1].numerator, items[1].denominator) == (2, 3)
    assert items[3].warning
    assert {i.group for i in items} == {"family"}
    # the maths teacher made no contact with their struggling students' families
    theirs = evidence.evidence(
        teacher=plan.teacher, term=plan.term, start=plan.term.start, end=TODAY
    )
    assert [i.value for i in theirs] == [0, 0, 0, 0]
    assert (
        evidence.evidence(teacher=plan.nobody, term=plan.term, start=plan.term.start, end=TODAY)
        == []
    )


def test_dashboard_panel_lists_overdue_for_head_teacher(login, plan, time_machine):
    time_machine.move_to("2026-11-20 04:00")
    content = login(plan.head).get(reverse("dashboard")).content.decode()
    assert "刘小红" in content
    content = login(plan.teacher).get(reverse("dashboard")).content.decode()
    assert "刘小红" not in content
