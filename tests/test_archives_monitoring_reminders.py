"""Monitoring in the daily reminder scan: goals without recent points; a new "adjust"."""

from __future__ import annotations

import datetime

import pytest

from archives.models import GoalMonitor, MonitoringMeasure, ProbePoint
from reminders.models import Reminder
from reminders.services import run_scan

from .factories.archives import ObservationFactory
from .factories.students import SupportCaseFactory, SupportGoalFactory

pytestmark = pytest.mark.django_db

WEEKS = [datetime.date(2026, 10, 5) + datetime.timedelta(days=7 * i) for i in range(6)]
TODAY = datetime.date(2026, 11, 30)


def monitored(school, values):
    case = SupportCaseFactory(
        student=school.student_a, subject=school.maths, identified_by=school.teacher
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
    # Keep the archive itself fresh: only monitoring reminders are expected.
    ObservationFactory(case=case, date=TODAY, author=school.teacher)
    return case


def monitoring_reminders():
    return list(
        Reminder.objects.filter(key__startswith="monitoring")
        .order_by("key")
        .values_list("user__username", "key", "title")
    )


def test_a_goal_without_a_recent_point_and_a_new_adjust_decision_remind(school):
    case = monitored(school, [10, 10, 10, 10, 10, 10])  # last point 9 Nov: 21 days ago
    run_scan(today=TODAY, send_email=False)
    found = monitoring_reminders()
    monitor_pk = case.goals.get().monitor.pk
    stale = [r for r in found if r[1].startswith("monitoring_stale")]
    adjust = [r for r in found if r[1].startswith("monitoring_adjust")]
    assert [(u, k) for u, k, _t in stale] == [
        ("teacher_a", f"monitoring_stale:{monitor_pk}:2026-W49")
    ]
    assert "21" in stale[0][2]
    assert [u for u, _k, _t in adjust] == ["teacher_a"]
    assert "调整帮扶" in adjust[0][2]
    # The next day: nothing new (the adjust reminder is sent once).
    run_scan(today=TODAY + datetime.timedelta(days=1), send_email=False)
    assert monitoring_reminders() == found


def test_a_goal_on_track_with_recent_points_reminds_no_one(school):
    case = monitored(school, [10, 12, 14, 15, 16, 17])
    measure = MonitoringMeasure.objects.get(name="口算（1 分钟正确题数）")
    ProbePoint.objects.create(
        case=case, measure=measure, date=TODAY, value=18, author=school.teacher
    )
    run_scan(today=TODAY, send_email=False)
    assert monitoring_reminders() == []
