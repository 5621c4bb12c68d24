"""The caseload by monitoring status and 落实率: counts, filters, scope, constant queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from archives.models import GoalMonitor, MonitoringMeasure, PlannedDose, ProbePoint

from .factories.archives import TutoringSessionFactory
from .factories.students import StudentFactory, SupportCaseFactory, SupportGoalFactory

pytestmark = pytest.mark.django_db

WEEKS = [datetime.date(2026, 10, 5) + datetime.timedelta(days=7 * i) for i in range(6)]
URL = reverse("archives:caseload")


def monitored_case(school, values, *, subject=None, school_class=None, number, dose=None, given=0):
    case = SupportCaseFactory(
        student=StudentFactory(school_class=school_class or school.class_a, student_number=number),
        subject=subject or school.maths,
        identified_by=school.teacher,
    )
    goal = SupportGoalFactory(case=case, step=1, due_on=datetime.date(2026, 12, 14))
    measure = MonitoringMeasure.objects.get(name="口算（1 分钟正确题数）")
    GoalMonitor.objects.create(
        goal=goal, measure=measure, starts_on=WEEKS[0], goal_value=20, updated_by=school.teacher
    )
    for day, value in zip(WEEKS, values, strict=False):
        ProbePoint.objects.create(
            case=case, measure=measure, date=day, value=value, author=school.teacher
        )
    if dose:
        PlannedDose.objects.create(
            case=case, kind="tutoring", sessions_per_week=dose, since=WEEKS[0]
        )
        for i in range(given):
            TutoringSessionFactory(case=case, date=WEEKS[0] + datetime.timedelta(days=i))
    return case


def statuses(response):
    return {row.case.student.student_number: row.status or "-" for row in response.context["page"]}


def test_teacher_sees_each_case_status_and_counts(school, login):
    monitored_case(school, [10, 10, 10, 10, 10, 10], number="A101")  # flat: below
    monitored_case(school, [10, 12, 14, 17, 18, 19], number="A102")  # above
    monitored_case(school, [10, 11], number="A103")  # too few points
    monitored_case(school, [10, 10, 10, 10, 10, 10], number="A104", dose=2, given=1)
    SupportCaseFactory(student=school.student_a, subject=school.maths, identified_by=school.teacher)
    response = login(school.teacher).get(URL)
    assert statuses(response) == {
        "A101": "below",
        "A102": "above",
        "A103": "insufficient",
        "A104": "below",
        "A001": "-",
    }
    counts = {key: n for key, _label, n in response.context["counts"]}
    assert counts == {"below": 2, "insufficient": 1, "on_track": 0, "above": 1, "unmonitored": 1}
    assert response.context["not_delivered"] == 1
    page = response.content.decode()
    assert "先落实计划" in page and "落实率 " in page
    # Filter: only the case that is off track because the plan was not delivered.
    only = login(school.teacher).get(URL, {"status": "not_delivered"})
    assert list(statuses(only)) == ["A104"]
    below = login(school.teacher).get(URL, {"status": "below"})
    assert set(statuses(below)) == {"A101", "A104"}
    by_fidelity = login(school.teacher).get(URL, {"sort": "fidelity"})
    assert list(statuses(by_fidelity))[0] == "A104"
    # The case list shows the same status beside each case.
    listed = login(school.teacher).get(reverse("archives:case_list")).content.decode()
    assert 'data-status="below"' in listed


def test_scope_decides_whose_cases_are_counted(school, login):
    monitored_case(school, [10] * 6, number="A101")
    monitored_case(
        school, [10] * 6, number="C101", subject=school.chinese, school_class=school.class_c
    )
    assert set(statuses(login(school.teacher).get(URL))) == {"A101"}
    assert set(statuses(login(school.stranger).get(URL))) == set()
    director = login(school.director).get(URL)
    assert set(statuses(director)) == {"C101"}
    assert director.context["groups"]  # by grade and subject
    principal = login(school.principal).get(URL)
    assert set(statuses(principal)) == {"A101", "C101"}
    assert len(principal.context["groups"]) == 2


def test_caseload_runs_a_constant_number_of_queries(school, login, constant_queries):
    client = login(school.principal)
    monitored_case(school, [10] * 6, number="A100", dose=1, given=1)
    n = [0]

    def grow():
        for i in range(5):
            n[0] += 1
            monitored_case(school, [10, 12, 11, 13], number=f"A2{n[0]:02d}", dose=2, given=i)

    constant_queries(lambda: client.get(URL), grow)
    constant_queries(lambda: client.get(reverse("archives:case_list")), grow)


def test_dashboard_charts_on_track_by_grade_and_subject_and_fidelity_by_support(school, login):
    monitored_case(school, [10] * 6, number="A101", dose=2, given=2)
    monitored_case(school, [10, 12, 14, 17, 18, 19], number="A102")
    page = login(school.principal).get(reverse("dashboard")).content.decode()
    assert 'id="monitoring-panel"' in page
    assert "三年级 数学" in page and "低于目标线 1" in page and "高于目标线 1" in page
    assert "一对一辅导" in page and "(2/17)" in page


def test_the_summary_workbook_has_a_monitoring_sheet(school):
    from archives.sheets import sheets
    from school.reporting import Filters
    from school.scoping import Scope

    monitored_case(school, [10] * 6, number="A101", dose=2, given=2)
    SupportCaseFactory(student=school.student_a, subject=school.maths, identified_by=school.teacher)
    sheet = next(
        s
        for s in sheets(scope=Scope.for_user(school.principal), filters=Filters(term=school.term))
        if s.title == "进展监测"
    )
    rows = {row[0]: row for row in sheet.rows}
    assert sheet.row_count() == 2
    flat = rows["A101"]
    assert flat[4] == "口算（1 分钟正确题数）" and flat[5] == 10.0 and flat[6] == 20.0
    assert flat[11] == "低于目标线" and flat[12] == "先落实计划"
    assert flat[14:] == (17, 2, None, None, 12)  # no minutes planned: sessions only
    assert rows["A001"][11] == "未监测"
