"""On a phone: a teacher sets tiered homework and is stopped, with the numbers, over the limit."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from archives.models import SupportCase
from homework.models import LoadOverride, MarkingRecord

from .browser import fits_phone_width, log_in, phone_page, screenshot
from .factories.homework import DAY, AssignmentFactory, TierFactory, class_a_homework


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_teacher_sets_tiered_homework_and_sees_the_over_limit_warning(live_server, school):
    # A fixed Wednesday: written homework to take home is never set for a weekend.
    chinese = AssignmentFactory(
        school_class=school.class_a, subject=school.chinese, date=DAY, set_by=school.head
    )
    TierFactory(assignment=chinese, minutes=30)

    with phone_page(live_server) as page:
        log_in(page, "teacher_a", "pw-12345678")
        page.goto(page.base_url + f"/homework/new/?date={DAY.isoformat()}")
        page.select_option("#id_pair", f"{school.class_a.pk}-{school.maths.pk}")
        # Before saving, the form shows the day's load so far (Chinese, 30 minutes).
        preview = page.locator("#load-preview [data-testid=load-average]")
        preview.wait_for()
        expect(preview).to_have_text(re.compile(r"^30\.0"))
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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_preview_counts_the_minutes_as_they_are_typed(live_server, school):
    """Issue 12: the preview said "0.0 分钟" with 20/25/30 typed; on the edit page too."""
    with phone_page(live_server) as page:
        log_in(page, "teacher_a", "pw-12345678")
        page.goto(page.base_url + f"/homework/new/?date={DAY.isoformat()}")
        page.select_option("#id_pair", f"{school.class_a.pk}-{school.maths.pk}")
        average = "#load-preview [data-testid=load-average]"
        page.locator(average).wait_for()
        assert page.locator(average).inner_text().startswith("0.0")
        page.fill("#id_basic_content", "口算20题")
        page.fill("#id_basic_minutes", "20")
        page.fill("#id_improving_content", "口算20题+笔算4题")
        page.fill("#id_improving_minutes", "25")
        page.fill("#id_extension_content", "解决问题2题")
        page.fill("#id_extension_minutes", "30")
        expect(page.locator(average)).to_have_text(re.compile(r"^20\.0"))
        page.select_option("#id_default_level", "extension")
        expect(page.locator(average)).to_have_text(re.compile(r"^30\.0"))
        assert fits_phone_width(page)

        saved = class_a_homework(school)  # basic 20, extension 30
        page.goto(page.base_url + f"/homework/{saved.pk}/edit/")
        page.locator(average).wait_for()
        assert page.locator(average).inner_text().startswith("20.0")
        page.fill("#id_basic_minutes", "35")
        expect(page.locator(average)).to_have_text(re.compile(r"^35\.0"))
        assert not page.console_errors


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_typing_a_comment_ticks_record_and_the_row_is_saved(live_server, school):
    a = class_a_homework(school)
    with phone_page(live_server) as page:
        log_in(page, "teacher_a", "pw-12345678")
        page.goto(page.base_url + f"/homework/{a.pk}/marking/?all=1")
        record = page.locator(f"#id_s{school.student_a2.pk}_record")
        assert not record.is_checked()
        page.fill(f"#id_s{school.student_a2.pk}_comment", "订正及时，有进步。")
        assert record.is_checked()
        page.select_option(f"#id_s{school.student_a2.pk}_quality", "B")
        page.click("main form button.btn-primary")
        page.wait_for_load_state("networkidle")
        assert not page.console_errors
    assert not SupportCase.objects.exists()
    assert MarkingRecord.objects.get().comment == "订正及时，有进步。"
