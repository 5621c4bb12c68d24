"""On a phone: adding a plan step keeps what was typed; long fields count their characters."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archives.models import SupportGoal

from .browser import fits_phone_width, log_in, phone_page
from .factories.students import SupportCaseFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_adding_a_plan_step_keeps_what_was_typed(live_server, school):
    case = SupportCaseFactory(
        student=school.student_a, subject=school.maths, identified_by=school.teacher
    )
    with phone_page(live_server) as page:
        log_in(page, "teacher_a", "pw-12345678")
        page.goto(page.base_url + reverse("archives:case_plan", args=[case.pk]))
        assert fits_phone_width(page)
        # A pre-filled step is folded to one line; open it to change it.
        page.locator("[data-plan-step]").first.locator("summary").click()
        page.locator("#id_goals-0-description").fill("口算20以内加减法")
        before = page.locator("[data-formset-rows=goals] [data-plan-step]").count()
        page.get_by_role("button", name="添加一步").click()
        assert page.locator("[data-formset-rows=goals] [data-plan-step]").count() == before + 1
        assert page.locator("#id_goals-0-description").input_value() == "口算20以内加减法"
        page.locator(f"#id_goals-{before}-description").fill("两位数进位加法")
        assert page.locator(f"#id_goals-{before}-description-counter").inner_text() == "7 / 300"
        page.get_by_role("button", name="保存").click()
        page.wait_for_url(f"**{reverse('archives:case_detail', args=[case.pk])}")
    saved = set(SupportGoal.objects.filter(case=case).values_list("description", flat=True))
    assert {"口算20以内加减法", "两位数进位加法"} <= saved
