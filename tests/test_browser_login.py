"""A teacher logs in on a phone and sees their dashboard."""

import pytest

from tests.browser import fits_phone_width, log_in, phone_page, screenshot


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_teacher_logs_in_on_a_phone_and_sees_the_dashboard(live_server):
    from django.core.management import call_command

    call_command("seed_demo", "--quiet-logins")
    with phone_page(live_server) as page:
        log_in(page, "teacher", "bangfu-demo")
        assert page.url.rstrip("/") == live_server.url
        assert page.locator("h1").inner_text().startswith("李老师")
        assert page.get_by_text("三年级(1)班 · 数学").is_visible()
        assert fits_phone_width(page)
        screenshot(page, "dashboard-teacher-phone")
        # The menu opens on a phone (Bootstrap's script is served locally).
        page.click("button.navbar-toggler")
        page.wait_for_selector("#mainnav.show")
        assert page.get_by_role("link", name="学生", exact=True).is_visible()
        assert page.console_errors == []
