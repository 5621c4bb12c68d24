"""The strategy library's second local figure: of the monitoring phases during which a
plan used the strategy, the share whose trend met or beat the goal line (n < 5 → 案例不足).

Hand-worked: weekly points from 5 Oct; the baseline is the median of the first three,
placed on 12 Oct; the goal line runs to 20 by 14 Dec (9 weeks).
- rising 10, 12, 14, 16, 18, 20: baseline 12, goal line +0.9 a week, trend +2 → met;
- flat 10 × 6: baseline 10, goal line +1.1 a week, trend 0 → not met;
- 10, 11, 12, 13, 14, 15: baseline 11, goal line +1.0 a week, trend +1 → met (on it).
"""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import translation

from archives.models import (
    CaseMeasure,
    GoalMonitor,
    MonitoringMeasure,
    ProbePoint,
    SupportMeasure,
)
from archives.strategy_evidence import local_evidence, recommend

from .factories.students import (
    StudentFactory,
    SupportCaseFactory,
    SupportGoalFactory,
    SupportMeasureFactory,
    case_a,
)

pytestmark = pytest.mark.django_db

WEEKS = [datetime.date(2026, 10, 5) + datetime.timedelta(days=7 * i) for i in range(6)]
RISING = [10, 12, 14, 16, 18, 20]
FLAT = [10] * 6
ON_LINE = [10, 11, 12, 13, 14, 15]
NUMBERS = itertools.count()


def phase(school, strategies, values, *, since=WEEKS[0]):
    """A case whose plan uses ``strategies`` since ``since``, with one monitored phase."""
    student = StudentFactory(school_class=school.class_b, student_number=f"P{next(NUMBERS):05d}")
    case = SupportCaseFactory(
        student=student, subject=school.maths, term=school.term, identified_by=school.teacher
    )
    for strategy in strategies:
        CaseMeasure.objects.create(case=case, measure=strategy, since=since)
    goal = SupportGoalFactory(case=case, step=1, due_on=datetime.date(2026, 12, 14))
    measure = MonitoringMeasure.objects.get(name="口算（1 分钟正确题数）")
    GoalMonitor.objects.create(
        goal=goal, measure=measure, starts_on=WEEKS[0], goal_value=20, updated_by=school.teacher
    )
    for day, value in zip(WEEKS, values, strict=False):
        ProbePoint.objects.create(
            case=case, measure=measure, date=day, value=value, author=school.teacher
        )
    return case


def test_the_share_of_phases_whose_trend_met_the_goal_line(school):
    tried = SupportMeasureFactory(name="口算天天练")
    new = SupportMeasureFactory(name="新办法")
    for values in (RISING, RISING, ON_LINE, FLAT, FLAT):
        phase(school, [tried], values)
    for values in (RISING, RISING, RISING, RISING):
        phase(school, [new], values)
    # Not counted: a phase with 5 points has no trend yet; a strategy added after the
    # phase's last point was not used during it.
    phase(school, [tried, new], RISING[:5])
    phase(school, [tried], FLAT, since=WEEKS[-1] + datetime.timedelta(days=1))

    evidence = local_evidence([tried.pk, new.pk])
    assert (evidence[tried.pk].phases.n, evidence[tried.pk].phases.succeeded) == (5, 3)
    assert evidence[tried.pk].phases.percent == 60
    assert (evidence[new.pk].phases.n, evidence[new.pk].phases.percent) == (4, None)
    # No closed case used either: the case share is still too few.
    assert evidence[tried.pk].overall.n == 0
    with translation.override("zh-hans"):
        assert evidence[new.pk].phases.label == "案例不足（监测阶段 n=4）"
        assert evidence[tried.pk].phases.label == "60% 的阶段趋势达到目标线（n=5）"


def test_the_library_and_the_strategy_show_the_phase_share(school, login):
    tried = SupportMeasure.objects.get(name="分层作业")
    for values in (RISING, RISING, FLAT, ON_LINE, FLAT):
        phase(school, [tried], values)
    client = login(school.teacher)
    listing = client.get(reverse("archives:measure_list")).content.decode()
    row = listing.split("分层作业")[1].split("</a>")[0]
    assert "60% 的阶段趋势达到目标线（n=5）" in row
    detail = client.get(reverse("archives:strategy_detail", args=[tried.pk])).content.decode()
    table = detail.split('id="phase-evidence"')[1].split("</table>")[0]
    assert "60%（3/5）" in table and ">5<" in table


def test_phases_rank_strategies_that_have_no_closed_cases_yet(school):
    steady = SupportMeasureFactory(name="稳步提高")
    weak = SupportMeasureFactory(name="效果一般")
    for values in (RISING, RISING, RISING, RISING, FLAT):
        phase(school, [steady], values)
    for values in (RISING, FLAT, FLAT, FLAT, FLAT):
        phase(school, [weak], values)
    untried = SupportMeasureFactory(name="没人用过")
    case = case_a(school)
    strategies = SupportMeasure.objects.filter(
        pk__in=[weak.pk, untried.pk, steady.pk]
    ).prefetch_related("subjects")
    ranked = [r.strategy.name for r in recommend(case, strategies, local_evidence())]
    assert ranked == ["稳步提高", "效果一般", "没人用过"]


def test_the_library_runs_constant_queries_with_more_monitored_cases(
    school, login, constant_queries
):
    tried = SupportMeasure.objects.get(name="分层作业")
    phase(school, [tried], RISING)
    client = login(school.teacher)
    url = reverse("archives:measure_list")

    def grow():
        for values in (RISING, FLAT, ON_LINE):
            phase(school, [tried], values)

    constant_queries(lambda: client.get(url), grow)
