"""On a phone: a teacher sets tiered homework and is stopped, with the numbers, over the limit."""

from __future__ import annotations

import pytest

from homework.models import LoadOverride
from school.models import today

from .browser import fits_phone_width, log_in, phone_page, screenshot
from .factories.homework import AssignmentFactory, TierFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_teacher_sets_tiered_homework_and_sees_the_over_limit_warning(live_server, school):
    chinese = AssignmentFactory(
        school_class=school.class_a, subject=school.chinese, date=today(), set_by=school.head
    )
    TierFactory(assignment=chinese, minutes=30)

    with phone_page(live_server) as page:
        log_in(page, "teacher_a", "pw-12345678")
        page.goto(page.base_url + "/homework/new/")
        page.select_option("#id_pair", f"{school.class_a.pk}-{school.maths.pk}")
        # Before saving, the form shows the day's load so far (Chinese, 30 minutes).
        preview = page.locator("#load-preview [data-testid=load-average]")
        preview.wait_for()
        assert preview.inner_text().startswith("30.0")
        page.fill("#id_title", "两位数加法")
        page.fill("#id_unit", "第四单元")
        page.fill("#id_basic_content", "口算20题")
        page.fill("#id_basic_minutes", "35")
        page.fill("#id_improving_content", "口算20题+笔算4题")
        page.fill("#id_improving_minutes", "40")
        page.fill("#id_extension_content", "解决问题2题")
        page.fill("#id_extension_minutes", "45")
        screenshot(page, "homework-form")
        assert fits_phone_width(page), page.evaluate(
            "[...document.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > 376)"
            ".map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 8).join(' ')"
        )
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")

        warning = page.locator("[data-testid=over-limit-warning]")
        assert warning.is_visible()
        assert page.locator("[data-testid=load-limit]").inner_text().startswith("60")
        assert page.locator("[data-testid=load-average]").inner_text().startswith("65.0")
        card = page.locator("[data-testid=day-load]").inner_text()
        assert "语文" in card and "数学" in card and "35" in card and "30" in card
        assert "张小明" in page.locator("[data-testid=students-over]").inner_text()
        assert fits_phone_width(page)
        screenshot(page, "homework-over-limit")

        page.fill("#id_over_limit_reason", "明天单元测验，语文已减量")
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "/homework/" in page.url and "/new/" not in page.url
        assert "明天单元测验" in page.content()
        assert fits_phone_width(page)
        screenshot(page, "homework-detail")
        assert not page.console_errors

    assert LoadOverride.objects.get().reason == "明天单元测验，语文已减量"
