"""On a phone: this week's 口算 probe for five students on one page changes the decision."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from archives.models import GoalMonitor, MonitoringMeasure, ProbePoint

from .browser import fits_phone_width, log_in, phone_page, screenshot
from .factories.students import StudentFactory, SupportCaseFactory, SupportGoalFactory

WEEKS = [datetime.date(2026, 10, 5) + datetime.timedelta(days=7 * i) for i in range(6)]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_probe_for_five_students_on_a_phone_and_the_decision_changes(live_server, school):
    # A transactional test may run after another one flushed the migration's measures.
    measure, _new = MonitoringMeasure.objects.get_or_create(
        name="口算（1 分钟正确题数）", defaults={"unit": "题", "max_value": 60}
    )
    cases = []
    for i in range(5):
        case = SupportCaseFactory(
            student=StudentFactory(
                school_class=school.class_a, student_number=f"A7{i:02d}", name=f"学生{i}号"
            ),
            subject=school.maths,
            identified_by=school.teacher,
        )
        goal = SupportGoalFactory(case=case, step=1, due_on=datetime.date(2026, 12, 14))
        GoalMonitor.objects.create(
            goal=goal,
            measure=measure,
            starts_on=WEEKS[0],
            goal_value=Decimal(20),
            updated_by=school.teacher,
        )
        for day in WEEKS[:5]:
            ProbePoint.objects.create(
                case=case, measure=measure, date=day, value=10 + i, author=school.teacher
            )
        cases.append(case)
    flat = cases[0]
    with phone_page(live_server) as page:
        log_in(page, "teacher_a", "pw-12345678")
        page.goto(
            live_server.url
            + reverse("archives:lesson_log", args=[school.class_a.pk, school.maths.pk])
        )
        page.click("#probe-link")
        rows = page.locator(".probe-row")
        assert rows.count() == 5
        first = page.locator(f'.probe-row[data-student="{flat.student.student_number}"]')
        assert first.locator(".row-decision").get_attribute("data-decision") == "insufficient"
        page.fill("#probe-form input[name=date]", WEEKS[5].isoformat())
        for i in range(5):
            rows.nth(i).locator(".probe-value").fill(str(10 + i))
        assert fits_phone_width(page)
        page.click("#probe-form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "已保存 5 条" in page.content()
        assert first.locator(".row-decision").get_attribute("data-decision") == "adjust"
        # The archive: the measure, the goal line, the trend and the decision with its reason.
        page.goto(live_server.url + reverse("archives:archive", args=[flat.pk]))
        decision = page.locator(".monitoring-series .decision")
        assert decision.get_attribute("data-decision") == "adjust"
        assert "需要调整帮扶措施" in decision.inner_text()
        assert "最近 4 次均低于目标线" in decision.inner_text()
        assert page.locator(".aimline").count() == 1 and page.locator(".trendline").count() == 1
        page.locator(".data-point").last.click()
        assert "11-09" in page.locator(f"#mnote-{measure.pk}").inner_text()
        assert fits_phone_width(page)
        screenshot(page, "monitoring-archive")
        assert not page.console_errors
    assert ProbePoint.objects.filter(date=WEEKS[5]).count() == 5
