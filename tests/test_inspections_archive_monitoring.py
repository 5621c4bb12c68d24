"""学困生档案 evidence: monitoring and fidelity (落实率) of the inspected teacher's cases,
each figure with its numerator and denominator, and the records behind it.

The maths teacher's cases, counted by hand (the school's today is 3 Dec 2026):
- 张小明: monitored, rising 10…20 against a goal line to 20 (the last four points above
  it: 考虑提高目标); tutoring 1 a week since 6 Nov (4 planned), 4 delivered;
- 刘小红: monitored, flat at 10 (four points below: 需要调整帮扶措施); no planned dose;
- 赵小军: monitored, rising, but tutoring 2 of 4 delivered (50 % < 80 %): 先落实计划;
- 孙小亮: not monitored, no dose.
Another teacher's monitored case in class B is not counted.
→ monitored 3/4; on track 1/3; 落实率 6/8 (75 %) over 2 cases; below the bar 1/2.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from archives import evidence as archive_evidence
from archives.models import GoalMonitor, MonitoringMeasure, PlannedDose, ProbePoint
from inspections import services

from .factories.archives import TutoringSessionFactory
from .factories.school import UserFactory
from .factories.students import StudentFactory, SupportCaseFactory, SupportGoalFactory

pytestmark = pytest.mark.django_db

END = datetime.date(2026, 11, 30)
WEEKS = [datetime.date(2026, 10, 5) + datetime.timedelta(days=7 * i) for i in range(6)]
RISING = [10, 12, 14, 16, 18, 20]
FLAT = [10] * 6
DOSE_SINCE = datetime.date(2026, 11, 6)  # 6 Nov – 3 Dec: 28 days, 4 sessions at 1 a week


def _case(school, student, *, author, values=None, delivered=None):
    case = SupportCaseFactory(
        student=student, subject=school.maths, term=school.term, identified_by=author
    )
    if values is not None:
        goal = SupportGoalFactory(case=case, step=1, due_on=datetime.date(2026, 12, 14))
        measure = MonitoringMeasure.objects.get(name="口算（1 分钟正确题数）")
        GoalMonitor.objects.create(
            goal=goal, measure=measure, starts_on=WEEKS[0], goal_value=20, updated_by=author
        )
        for day, value in zip(WEEKS, values, strict=True):
            ProbePoint.objects.create(
                case=case, measure=measure, date=day, value=value, author=author
            )
    if delivered is not None:
        PlannedDose.objects.create(
            case=case, kind=PlannedDose.Kind.TUTORING, sessions_per_week=1, since=DOSE_SINCE
        )
        for i in range(delivered):
            TutoringSessionFactory(
                case=case, date=DOSE_SINCE + datetime.timedelta(days=7 * i), author=author
            )
    return case


@pytest.fixture
def caseload(school):
    t = school.teacher
    zhao = StudentFactory(school_class=school.class_a, name="赵小军", student_number="A003")
    sun = StudentFactory(school_class=school.class_a, name="孙小亮", student_number="A004")
    _case(school, school.student_a, author=t, values=RISING, delivered=4)
    _case(school, school.student_a2, author=t, values=FLAT)
    _case(school, zhao, author=t, values=RISING, delivered=2)
    _case(school, sun, author=t)
    _case(school, school.student_b, author=school.stranger, values=FLAT, delivered=0)


def figures(school):
    with translation.override("zh-hans"):
        found = archive_evidence.evidence(
            teacher=school.teacher, term=school.term, start=school.term.start, end=END
        )
    return {e.key: e for e in found if e.key}


def test_monitoring_and_fidelity_figures_match_the_hand_count(school, caseload):
    shown = figures(school)
    assert shown["archives.monitored"].display == "3/4 · 75%"
    assert shown["archives.on_track"].display == "1/3 · 33%"
    assert shown["archives.fidelity"].display == "6/8 · 75%"
    assert shown["archives.fidelity"].label == "平均落实率（已落实次数 ÷ 计划次数，2 个个案）"
    below = shown["archives.below_bar"]
    assert below.display == "1/2 · 50%" and below.warning
    assert below.label == "落实率低于 80% 的个案"
    assert {shown[k].group for k in archive_evidence.MONITORING_KEYS} == {"archives"}


def test_a_teacher_without_monitoring_gets_zero_of_their_cases(school):
    _case(school, school.student_a, author=school.teacher)
    shown = figures(school)
    assert shown["archives.monitored"].display == "0/1 · 0%"
    assert shown["archives.on_track"].display == "0/0 · —"
    assert shown["archives.below_bar"].display == "0/0 · —"
    assert not shown["archives.below_bar"].warning


@pytest.fixture
def maths_round(school, caseload):
    inspector = UserFactory(username="backbone", full_name="骨干教师")
    r = services.create_round(
        term=school.term,
        kind="midterm",
        subject=school.maths,
        due=END,
        inspectors=[inspector],
        teachers=[school.teacher],
        user=school.principal,
    )
    return r, inspector


def test_the_inspector_sees_them_beside_the_archive_item_and_opens_the_cases(
    school, login, maths_round
):
    r, inspector = maths_round
    client = login(inspector)
    page = client.get(reverse("inspections:inspect", args=[r.pk, school.teacher.pk]))
    archive_rows = [row for row in page.context["rows"] if row["item"].area == "archives"]
    assert archive_rows
    keys = {f["e"].key: f for f in archive_rows[0]["figures"]}
    assert keys["archives.below_bar"]["url"] == reverse(
        "inspections:records", args=[r.pk, school.teacher.pk, "archives.below_bar"]
    )
    body = page.content.decode()
    assert "落实率低于 80% 的个案" in body and "1/2 · 50%" in body

    below = client.get(keys["archives.below_bar"]["url"]).content.decode()
    table = below.split("进展监测")[-1]
    assert "赵小军" in table and "2/4 · 50%" in table and "先落实计划" in table
    assert "张小明" not in table  # 100 % delivered

    on_track = client.get(keys["archives.on_track"]["url"]).content.decode()
    table = on_track.split("进展监测")[-1]
    assert "张小明" in table and "刘小红" in table and "赵小军" in table
    assert "孙小亮" not in table and "陈小刚" not in table
