"""The batch observation form on a phone: five students in one submit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archives.models import Observation

from .browser import fits_phone_width, log_in, phone_page, screenshot
from .factories.students import StudentFactory, SupportCaseFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_teacher_logs_five_students_on_a_phone(live_server, school):
    cases = [
        SupportCaseFactory(
            student=StudentFactory(
                school_class=school.class_a, student_number=f"A2{i:02d}", name=f"学生{i}号"
            ),
            subject=school.maths,
            identified_by=school.teacher,
        )
        for i in range(5)
    ]
    url = reverse("archives:lesson_log", args=[school.class_a.pk, school.maths.pk])
    with phone_page(live_server) as page:
        log_in(page, "teacher_a", "pw-12345678")
        page.goto(page.base_url + url)
        assert fits_phone_width(page)
        rows = page.locator(".lesson-row")
        assert rows.count() == 5
        # Tap ratings with the 1–5 buttons; one row gets a bad typed value.
        for i in range(5):
            row = rows.nth(i)
            if i == 3:
                row.locator("input.rating-input").fill("8")
            else:
                row.locator(f"[data-rating='{i % 5 + 1}']").click()
            row.locator("input[type=text]").fill(f"课堂表现{i}")
        screenshot(page, "archives-lesson-log-filled")
        page.click("#lesson-form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert page.locator("#batch-error").is_visible()
        bad = page.locator(".lesson-row").nth(3)
        assert bad.locator(".row-error").count() == 1
        assert page.locator(".row-error").count() == 1
        for i in (0, 1, 2, 4):
            row = page.locator(".lesson-row").nth(i)
            assert row.locator("input.rating-input").input_value() == str(i % 5 + 1)
            assert row.locator("input[type=text]").input_value() == f"课堂表现{i}"
        assert Observation.objects.count() == 0
        screenshot(page, "archives-lesson-log-error")
        assert fits_phone_width(page)
        # Fix the row and save all five at once.
        bad.locator("[data-rating='4']").click()
        page.click("#lesson-form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert Observation.objects.count() == 5
        assert sorted(Observation.objects.values_list("rating", flat=True)) == [1, 2, 3, 4, 5]
        assert {o.case_id for o in Observation.objects.all()} == {c.pk for c in cases}
        assert page.console_errors == []
