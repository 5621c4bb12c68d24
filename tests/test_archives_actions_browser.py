"""On a phone, an owner marks an agreed action done from the dashboard's 我的待办."""

from __future__ import annotations

import datetime

import pytest

from archives.models import AgreedAction
from school.models import today

from .browser import fits_phone_width, log_in, phone_page, screenshot
from .factories.archives import CaseDiscussionFactory
from .factories.students import case_a


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_owner_marks_an_action_done_on_a_phone(live_server, school):
    discussion = CaseDiscussionFactory(
        case=case_a(school), author=school.head, date=datetime.date(2026, 9, 20)
    )
    overdue = AgreedAction.objects.create(
        discussion=discussion,
        description="每周两次面批",
        owner=school.teacher,
        due_on=today() - datetime.timedelta(days=2),
    )
    later = AgreedAction.objects.create(
        discussion=discussion,
        description="课后答疑一次",
        owner=school.teacher,
        due_on=today() + datetime.timedelta(days=5),
    )
    with phone_page(live_server) as page:
        log_in(page, "teacher_a", "pw-12345678")
        page.goto(page.base_url + "/")
        panel = page.locator("#panel-actions")
        assert panel.is_visible()
        row = panel.locator(f"#action-{overdue.pk}")
        assert row.locator(".text-bg-danger").is_visible()  # overdue in red
        assert fits_phone_width(page)
        screenshot(page, "archives-my-actions-phone")
        # One line of result, one tap.
        row.locator("input[name=result]").fill("已面批两次，订正及时")
        row.locator("button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        overdue.refresh_from_db()
        assert overdue.done_on == today() and overdue.result == "已面批两次，订正及时"
        # Back on the dashboard, only the other action is left.
        panel = page.locator("#panel-actions")
        assert panel.locator(f"#action-{overdue.pk}").count() == 0
        assert panel.locator(f"#action-{later.pk}").is_visible()
        # The other, in one tap with no result at all.
        panel.locator(f"#action-{later.pk} button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        later.refresh_from_db()
        assert later.done_on == today()
        assert page.console_errors == []
