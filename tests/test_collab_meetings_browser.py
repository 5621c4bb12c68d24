"""A head teacher runs a class meeting from the agenda Bangfu built, on a phone, and
opens the printable recap."""

from __future__ import annotations

import datetime

import pytest

from archives.models import AgreedAction
from school.models import today

from .browser import fits_phone_width, log_in, phone_page, screenshot
from .factories.students import case_a


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_head_teacher_runs_a_meeting_and_prints_the_recap(live_server, school):
    case_a(school)  # stale: on the agenda
    with phone_page(live_server) as page:
        log_in(page, "head_a", "pw-12345678")
        page.goto(page.base_url + "/collab/meetings/new/")
        page.select_option("select[name=kind]", "class")
        page.select_option("select[name=school_class]", str(school.class_a.pk))
        page.click("form[novalidate] button.btn-primary")
        page.wait_for_load_state("networkidle")
        item = page.locator("section[id^=item-]")
        assert item.count() == 1 and "张小明" in item.inner_text()
        assert fits_phone_width(page)
        item.locator("textarea[name$=decision]").fill("先降低目标，每周两次面批")
        item.locator("input[name$=action_description]").fill("每周两次面批")
        item.locator("select[name$=action_owner]").select_option(str(school.teacher.pk))
        due = (today() + datetime.timedelta(days=14)).isoformat()
        item.locator("input[name$=action_due_on]").fill(due)
        screenshot(page, "collab-meeting-phone")
        page.click("button[name=record]")
        page.wait_for_load_state("networkidle")
        recap = page.locator("#recap")
        assert "张小明" in recap.inner_text() and "每周两次面批" in recap.inner_text()
        assert page.locator("[data-print]").first.is_visible()
        assert fits_phone_width(page)
        screenshot(page, "collab-recap-phone")
        assert page.console_errors == []
    assert AgreedAction.objects.get().owner == school.teacher
