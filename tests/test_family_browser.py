"""A head teacher records a home visit from a phone, and copies a progress letter."""

from __future__ import annotations

import pytest

from family.models import FamilyContact
from tests.browser import fits_phone_width, log_in, phone_page, screenshot

from .factories.family import FamilyProfileFactory, GuardianFactory, open_case


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_head_teacher_records_a_home_visit_on_a_phone(live_server, school):
    open_case(school.student_a, school.maths, school.term, school.teacher)
    profile = FamilyProfileFactory(student=school.student_a)
    GuardianFactory(profile=profile)
    with phone_page(live_server) as page:
        log_in(page, "head_a", "pw-12345678")
        page.goto(f"{live_server.url}/family/")
        assert page.get_by_text("张小明").first.is_visible()
        assert fits_phone_width(page)
        screenshot(page, "family-visit-plan-phone")
        page.get_by_text("张小明").first.click()
        page.wait_for_load_state("networkidle")
        assert fits_phone_width(page)
        screenshot(page, "family-student-phone")
        page.get_by_role("link", name="记录家访").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("select[name=channel]").input_value() == "home_visit"
        page.fill("input[name=participants]", "奶奶，王老师")
        page.fill("textarea[name=summary]", "孩子在奶奶家写作业，书桌整洁，能按时完成。")
        page.fill("textarea[name=family_actions]", "奶奶每晚签字")
        assert fits_phone_width(page)
        screenshot(page, "family-home-visit-form-phone")
        page.get_by_role("button", name="保存").click()
        page.wait_for_load_state("networkidle")
        assert page.get_by_text("孩子在奶奶家写作业").is_visible()
        assert fits_phone_width(page)
        screenshot(page, "family-student-after-visit-phone")
        assert page.console_errors == []
    contact = FamilyContact.objects.get()
    assert contact.channel == FamilyContact.Channel.HOME_VISIT
    assert contact.recorded_by == school.head


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_progress_letter_copy_button_on_a_phone(live_server, school):
    open_case(school.student_a, school.maths, school.term, school.teacher)
    with phone_page(live_server) as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        log_in(page, "head_a", "pw-12345678")
        page.goto(f"{live_server.url}/family/students/{school.student_a.pk}/letter/")
        assert "张小明" in page.locator("#letter-text").input_value()
        page.get_by_role("button", name="复制").click()
        page.wait_for_selector("#copy-status:not(:empty)")
        assert "张小明" in page.evaluate("navigator.clipboard.readText()")
        assert fits_phone_width(page)
        screenshot(page, "family-letter-phone")
        page.get_by_role("button", name="标记为已发送").click()
        page.wait_for_load_state("networkidle")
        assert page.console_errors == []
    assert FamilyContact.objects.get().is_progress_letter
