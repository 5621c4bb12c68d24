"""The visit plan at a big school: stored visit clocks, a summary by grade, flat queries.

The plan's order and counts come from ``VisitClock`` rows kept by the writes that move a
clock (family/visit_clocks.py); they must give what the live figures
(``selectors.with_visit_status``) give, after every kind of write.
"""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archives import case_services
from archives.models import SupportCase
from family import selectors, services
from family.models import FamilyContact, VisitClock
from family.visit_clocks import refresh_visit_clocks
from students.models import Student

from .factories.family import FamilyContactFactory, open_case
from .factories.school import GradeFactory, SchoolClassFactory, TermFactory
from .factories.students import StudentFactory

TODAY = datetime.date(2026, 12, 3)  # the school clock of the tests (conftest.py)
VISIT = FamilyContact.Channel.HOME_VISIT


def _live(term):
    """The plan as the live subqueries give it: order, and per class (n, overdue, visited)."""
    rows = list(selectors.with_visit_status(Student.objects.all(), term))
    order = [s.pk for s in sorted(rows, key=lambda s: (s.clock is None, s.clock, s.student_number))]
    cutoff = selectors.overdue_cutoff(TODAY)
    counts: dict[int, tuple] = {}
    for s in rows:
        n, late, visited = counts.get(s.school_class_id, (0, 0, 0))
        counts[s.school_class_id] = (
            n + 1,
            late + (s.clock is not None and s.clock < cutoff),
            visited + (s.term_visits > 0),
        )
    return order, counts


def _stored(term):
    everyone = Student.objects.all()
    order = list(selectors.plan_order(everyone, term, None))
    return order, selectors.visit_counts(everyone, term, TODAY, "school_class_id")


def assert_plan_is_live(term):
    assert _stored(term) == _live(term)
    overdue = set(
        selectors.overdue(Student.objects.all(), term, TODAY).values_list("pk", flat=True)
    )
    live_order = _live(term)[0]
    assert list(selectors.plan_order(Student.objects.all(), term, TODAY)) == [
        pk for pk in live_order if pk in overdue
    ]


@pytest.fixture
def cases(school, settings):
    settings.HOME_VISIT_INTERVAL_DAYS = 30
    term = school.term
    school.case_a = open_case(school.student_a, school.maths, term, school.teacher)
    school.case_a2 = open_case(
        school.student_a2, school.chinese, term, school.head, datetime.date(2026, 11, 20)
    )
    school.case_b = open_case(school.student_b, school.maths, term, school.stranger)
    return school


def test_clock_follows_contacts_added_corrected_withdrawn_and_restored(cases):
    s = cases
    assert_plan_is_live(s.term)
    visit = services.record_contact(
        student=s.student_a,
        user=s.head,
        date=datetime.date(2026, 11, 30),
        channel=VISIT,
        summary="家访",
    )
    services.record_contact(
        student=s.student_b,
        user=s.admin,
        date=datetime.date(2026, 10, 1),
        channel=VISIT,
        summary="家访",
    )
    assert_plan_is_live(s.term)
    assert VisitClock.objects.get(student=s.student_a, term=s.term).clock == visit.date
    services.correct_contact(contact=visit, by=s.head, date=datetime.date(2026, 9, 20))
    assert_plan_is_live(s.term)
    services.correct_contact(contact=visit, by=s.head, channel=FamilyContact.Channel.PHONE)
    assert_plan_is_live(s.term)
    services.correct_contact(contact=visit, by=s.head, channel=VISIT)
    services.withdraw_contact(contact=visit, by=s.head)
    assert_plan_is_live(s.term)
    assert VisitClock.objects.get(student=s.student_a, term=s.term).clock == s.term.start
    services.restore_contact(contact=visit, by=s.head)
    assert_plan_is_live(s.term)
    visit.delete()
    assert_plan_is_live(s.term)


def test_clock_follows_cases_closed_reopened_redated_and_carried_over(cases):
    s = cases
    FamilyContactFactory(student=s.student_b, recorded_by=s.admin, date=datetime.date(2026, 9, 5))
    case_services.change_status(
        case=s.case_a,
        by=s.teacher,
        status=SupportCase.Status.CLOSED,
        on=TODAY,
        reason="好转",
        closure_reason=SupportCase.ClosureReason.OTHER,
    )
    assert_plan_is_live(s.term)
    assert not VisitClock.objects.filter(student=s.student_a).exists()  # not struggling now
    case_services.change_status(
        case=s.case_a, by=s.teacher, status=SupportCase.Status.IN_SUPPORT, on=TODAY, reason="反复"
    )
    assert_plan_is_live(s.term)
    case_services.correct_identification_date(
        case=s.case_a2, by=s.head, identified_on=datetime.date(2026, 10, 2), reason="记错"
    )
    assert_plan_is_live(s.term)
    assert VisitClock.objects.get(student=s.student_a2).clock == datetime.date(2026, 10, 2)

    next_term = TermFactory(
        academic_year="2026-2027",
        name="第二学期",
        start=datetime.date(2027, 2, 20),
        midterm_review=datetime.date(2027, 4, 20),
        final_review=datetime.date(2027, 6, 25),
        end=datetime.date(2027, 7, 5),
    )
    case_services.carry_over(cases=[s.case_b], to_term=next_term, by=s.admin)
    assert_plan_is_live(s.term)
    assert_plan_is_live(next_term)
    carried = VisitClock.objects.get(student=s.student_b, term=next_term)
    assert (carried.clock, carried.visited) == (datetime.date(2026, 9, 5), False)


def test_term_dates_moved_recount_visited_this_term(cases):
    s = cases
    FamilyContactFactory(student=s.student_b, recorded_by=s.admin, date=datetime.date(2026, 9, 5))
    assert VisitClock.objects.get(student=s.student_b).visited
    s.term.start = datetime.date(2026, 9, 10)
    s.term.save()
    assert not VisitClock.objects.get(student=s.student_b).visited
    assert_plan_is_live(s.term)


def test_bulk_writes_need_the_refresher(cases):
    s = cases
    FamilyContact.objects.bulk_create(
        [FamilyContact(student=s.student_a, recorded_by=s.head, date=TODAY, channel=VISIT)]
    )
    SupportCase.objects.filter(pk=s.case_b.pk).update(status=SupportCase.Status.IMPROVED)
    assert _stored(s.term) != _live(s.term)  # no signal for these: what the docstring warns
    refresh_visit_clocks([s.student_a.pk])
    refresh_visit_clocks()
    assert_plan_is_live(s.term)
    VisitClock.objects.all().delete()
    call_command("refresh_visit_clocks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert_plan_is_live(s.term)


# ---- the page for a school of many classes -------------------------------------------------


def _big_school(school, n_classes: int, per_class: int = 1):
    """Classes in two more grades, each with struggling students, one of them overdue."""
    grades = [GradeFactory(level=5), GradeFactory(level=6)]
    made = []
    for i in range(n_classes):
        school_class = SchoolClassFactory(grade=grades[i % 2])
        made.append(school_class)
        for _j in range(per_class):
            pupil = StudentFactory(school_class=school_class)
            open_case(pupil, school.maths, school.term, school.teacher)
    return grades, made


def _get(client, query=""):
    client.cookies.pop(django_settings.CSRF_COOKIE_NAME, None)  # built, never a kept copy
    response = client.get(reverse("family:visit_plan") + query)
    assert response.status_code == 200
    return response


def test_admin_of_a_big_school_reads_rows_by_grade(login, cases):
    grades, made = _big_school(cases, 14)
    client = login(cases.admin)
    response = _get(client)
    content = response.content.decode()
    assert "By grade" in content or "按年级" in content
    assert f'href="?grade={grades[0].pk}"' in content
    assert f'href="?class={made[0].pk}"' not in content  # no row per class
    assert 'name="class"' not in content  # no class list before a grade is chosen
    summary = {s.school_class.pk: s for s in response.context["grade_summaries"]}
    assert summary[grades[0].pk].struggling == 7
    assert summary[cases.class_a.grade_id].struggling == 3  # 三年级: A001, A002, B001
    assert response.context["page"].paginator.count == 17

    response = _get(client, f"?grade={grades[0].pk}")
    content = response.content.decode()
    classes = {c.pk for c in response.context["classes"]}
    assert classes == {c.pk for c in made[::2]}  # that grade's classes only
    assert f'href="?class={made[0].pk}"' in content
    assert f'href="?class={made[1].pk}"' not in content
    page = response.context["page"]
    assert page.paginator.count == 7
    assert {s.school_class.grade_id for s in page} == {grades[0].pk}


def test_class_filter_still_works_for_a_big_school(login, cases):
    grades, made = _big_school(cases, 14, per_class=2)
    client = login(cases.admin)
    response = _get(client, f"?class={made[1].pk}")
    assert response.context["grade"] == grades[1]
    assert response.context["selected"] == made[1]
    page = response.context["page"]
    assert page.paginator.count == 2
    assert {s.school_class_id for s in page} == {made[1].pk}
    # A class of another grade than the one chosen is dropped: the grade's list shows.
    response = _get(client, f"?grade={grades[0].pk}&class={made[1].pk}")
    assert response.context["selected"] is None
    assert response.context["page"].paginator.count == 14


def test_overdue_count_of_the_page_matches_the_list(login, cases, settings):
    settings.HOME_VISIT_INTERVAL_DAYS = 30
    _big_school(cases, 14)
    FamilyContactFactory(student=cases.student_b, recorded_by=cases.admin, date=TODAY)
    response = _get(login(cases.admin), "?overdue=1")
    page = response.context["page"]
    overdue = selectors.overdue(Student.objects.all(), cases.term, TODAY)
    assert page.paginator.count == overdue.count() == 15
    assert [s.pk for s in page] == list(
        selectors.plan_order(Student.objects.all(), cases.term, TODAY)
    )


def test_head_teacher_keeps_the_table_by_class(login, cases):
    _big_school(cases, 14)
    response = _get(login(cases.head))
    assert not response.context["by_grade"]
    assert [s.school_class for s in response.context["summaries"]] == [cases.class_a]
    assert 'name="grade"' not in response.content.decode()


@pytest.mark.parametrize("query", ["", "?grade=first", "?class=first", "?overdue=1"])
def test_queries_do_not_grow_with_classes_or_students(login, cases, query):
    grades, made = _big_school(cases, 14)
    client = login(cases.admin)

    def count() -> int:
        q = query.replace("grade=first", f"grade={grades[0].pk}").replace(
            "class=first", f"class={made[0].pk}"
        )
        _get(client, q)
        with CaptureQueriesContext(connection) as ctx:
            _get(client, q)
        return len(ctx.captured_queries)

    before = count()
    _big_school(cases, 30, per_class=3)  # 44 classes, ~110 struggling students
    assert count() == before
