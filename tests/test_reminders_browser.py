"""The inbox on a phone: the badge in the navigation, opening, marking read, preferences."""

from __future__ import annotations

import pytest

from reminders.models import Reminder, ReminderPreference

from .browser import fits_phone_width, log_in, phone_page, screenshot
from .factories.reminders import ReminderFactory


@pytest.fixture(autouse=True)
def reminders_one_by_one(settings):
    """These tests follow each reminder on its own; the daily digest has its own tests."""
    settings.REMINDER_DEFAULT_MODE = "immediate"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_teacher_reads_reminders_on_a_phone(live_server, school):
    ReminderFactory(
        user=school.teacher,
        kind=Reminder.Kind.REVIEW_DUE,
        title="期中检查还有 7 天：请补全学困生档案",
        body="期中检查在 2026-11-12。请补全以下学困生的进步档案和小结：\n"
        "· 张小明（A001）数学：档案自 2026-10-01 起未更新；本学期还没有小结",
    )
    ReminderFactory(
        user=school.teacher,
        kind=Reminder.Kind.HOME_VISIT_OVERDUE,
        title="刘小红 已 45 天没有家访",
    )
    ReminderFactory(user=school.teacher, title="张小明 的数学进步档案已 20 天没有记录")
    with phone_page(live_server) as page:
        log_in(page, "teacher_a", "pw-12345678")
        # The badge is visible in the collapsed phone navbar.
        badge = page.locator("a.reminder-bell .badge")
        assert badge.is_visible()
        assert badge.inner_text().startswith("3")
        screenshot(page, "reminders-dashboard")
        assert fits_phone_width(page)

        badge.click()
        page.wait_for_load_state("networkidle")
        assert fits_phone_width(page)
        screenshot(page, "reminders-inbox")

        page.click("text=期中检查还有 7 天")
        page.wait_for_load_state("networkidle")
        assert "张小明" in page.inner_text("article")
        assert fits_phone_width(page)
        screenshot(page, "reminders-detail")
        assert page.locator("a.reminder-bell .badge").inner_text().startswith("2")

        page.goto(page.base_url + "/reminders/")
        page.click("text=全部标为已读")
        page.wait_for_load_state("networkidle")
        assert page.locator("a.reminder-bell .badge").count() == 0
        assert not Reminder.objects.filter(read_at__isnull=True).exists()

        page.goto(page.base_url + "/reminders/preferences/")
        screenshot(page, "reminders-preferences-empty")
        assert fits_phone_width(page)
        page.check("input[name=archive_stale][value=off]")
        page.check("input[name=review_due][value=inbox]")
        screenshot(page, "reminders-preferences")
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
        saved = dict(
            ReminderPreference.objects.filter(user=school.teacher).values_list("kind", "delivery")
        )
        assert saved["archive_stale"] == "off" and saved["review_due"] == "inbox"
        assert page.console_errors == []
