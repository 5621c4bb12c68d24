"""On a phone: the goal sentence of a step's monitoring follows what the teacher types."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from archives.models import GoalMonitor, MonitoringMeasure, ProbePoint

from .browser import fits_phone_width, log_in, phone_page, screenshot
from .factories.students import SupportCaseFactory, SupportGoalFactory

WEEKS = [datetime.date(2026, 10, 5) + datetime.timedelta(days=7 * i) for i in range(3)]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_goal_sentence_changes_as_the_teacher_types(live_server, school):
    measure, _new = MonitoringMeasure.objects.get_or_create(
        name="口算（1 分钟正确题数）", defaults={"unit": "题", "max_value": 60}
    )
    case = SupportCaseFactory(
        student=school.student_a, subject=school.maths, identified_by=school.teacher
    )
    # Due 12-14; the baseline is 12, on the middle point's day (10-12): 9 weeks to go.
    goal = SupportGoalFactory(case=case, step=1, due_on=datetime.date(2026, 12, 14))
    GoalMonitor.objects.create(
        goal=goal,
        measure=measure,
        starts_on=WEEKS[0],
        goal_value=Decimal(20),
        updated_by=school.teacher,
    )
    for day, value in zip(WEEKS, [11, 12, 14], strict=True):
        ProbePoint.objects.create(
            case=case, measure=measure, date=day, value=value, author=school.teacher
        )
    with phone_page(live_server) as page:
        log_in(page, "teacher_a", "pw-12345678")
        page.goto(live_server.url + reverse("archives:goal_monitor", args=[goal.pk]))
        summary = page.locator("#goal-summary")
        # (20 − 12) / 9 weeks = +0.9 a week: as the server wrote it.
        assert summary.inner_text() == "从 12 题提高到 20 题（12-14 前），约每周 +0.9 题"
        page.fill("input[name=goal_value]", "21")
        assert summary.inner_text() == "从 12 题提高到 21 题（12-14 前），约每周 +1 题"
        # The goal from a weekly rate instead: 12 + 0.5 × 9 = 16.5.
        page.fill("input[name=goal_value]", "")
        page.fill("input[name=weekly_rate]", "0.5")
        assert summary.inner_text() == "从 12 题提高到 16.5 题（12-14 前），约每周 +0.5 题"
        # Typed the Chinese way: full-width digits and point.
        page.fill("input[name=weekly_rate]", "１．５")
        assert summary.inner_text() == "从 12 题提高到 25.5 题（12-14 前），约每周 +1.5 题"
        # A phase that starts after the points has no baseline yet: the goal alone.
        page.fill("input[name=weekly_rate]", "")
        page.fill("input[name=goal_value]", "18")
        page.fill("input[name=starts_on]", "2026-11-02")
        assert (
            summary.inner_text()
            == "目标 18 题（12-14 前）；这一步有三个数据点后会显示每周提高多少。"
        )
        assert fits_phone_width(page)
        screenshot(page, "goal-monitor-live-sentence")
        assert not page.console_errors
    # Typing saved nothing.
    assert GoalMonitor.objects.get(goal=goal).goal_value == Decimal(20)
