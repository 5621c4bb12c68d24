"""On a phone: correct a peer session, withdraw another; name the group of a plan's dose."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from afterschool.models import DoseGroup, PeerSession

from .browser import fits_phone_width, log_in, phone_page, screenshot
from .factories.afterschool import group_a, pairing_a
from .factories.students import SupportCaseFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_peer_session_corrected_and_withdrawn_on_a_phone(live_server, school):
    pairing = pairing_a(school)
    for day in (datetime.date(2026, 11, 2), datetime.date(2026, 11, 3)):
        PeerSession.objects.create(
            pairing=pairing, date=day, practised="口算 20 题", minutes=15, author=school.teacher
        )
    with phone_page(live_server) as page:
        log_in(page, "teacher_a", "pw-12345678")
        page.goto(live_server.url + reverse("afterschool:pairing_list"))
        page.click("#pairing-list a.fw-semibold")
        assert page.locator(".peer-session").count() == 2
        screenshot(page, "peer-pairing-detail")
        assert fits_phone_width(page)
        page.locator(".peer-session").first.get_by_text("更正").click()
        page.fill("input[name=practised]", "两位数加法")
        page.fill("input[name=minutes]", "25")
        assert fits_phone_width(page)
        screenshot(page, "peer-session-correct")
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "同伴互助记录已更正。" in page.content()
        page.locator(".peer-session").last.get_by_text("撤回").click()
        page.fill("input[name=reason]", "重复录入")
        assert fits_phone_width(page)
        screenshot(page, "peer-session-withdraw")
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "已撤回" in page.locator("#peer-sessions").inner_text()
        assert fits_phone_width(page)
        screenshot(page, "peer-pairing-detail-after")
        page.click("text=修改记录")
        assert "重复录入" in page.content() and fits_phone_width(page)
        screenshot(page, "peer-pairing-changes")
        assert not page.console_errors
    assert PeerSession.objects.filter(deleted_at__isnull=False).count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_plans_group_is_chosen_on_a_phone(live_server, school):
    case = SupportCaseFactory(
        student=school.student_a, subject=school.maths, identified_by=school.teacher
    )
    group = group_a(school, subject=school.maths)
    with phone_page(live_server) as page:
        log_in(page, "teacher_a", "pw-12345678")
        page.goto(live_server.url + reverse("archives:case_doses", args=[case.pk]))
        page.fill("input[name=afterschool-sessions_per_week]", "2")
        page.fill("input[name=afterschool-minutes_per_session]", "60")
        page.select_option("select[name=afterschool-target]", str(group.pk))
        assert fits_phone_width(page)
        screenshot(page, "case-doses-group")
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert group.name in page.locator(".fidelity").inner_text()
        page.locator("#monitoring").scroll_into_view_if_needed()
        assert fits_phone_width(page)
        screenshot(page, "archive-fidelity-minutes")
        assert not page.console_errors
    assert DoseGroup.objects.get().group == group
