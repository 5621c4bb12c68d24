"""On a phone: attendance of an after-school session, one tap per student."""

from __future__ import annotations

import pytest
from django.urls import reverse

from afterschool.models import Attendance

from .browser import fits_phone_width, log_in, phone_page
from .factories.afterschool import group_a


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_attendance_in_one_tap_per_student(live_server, school):
    group = group_a(school)
    with phone_page(live_server) as page:
        log_in(page, "teacher_a", "pw-12345678")
        page.goto(live_server.url + reverse("afterschool:group_list"))
        page.click(f"text={group.name}")
        assert page.locator(".attendance-row").count() == 2
        assert fits_phone_width(page)
        page.click(f'label[for="present-{school.student_a.pk}"]')
        page.click(f'label[for="homework-{school.student_a2.pk}"]')
        page.click("#attendance-form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "2 人中 2 人出勤" in page.content()
        assert page.locator(f"#present-{school.student_a.pk}").is_checked()
        assert not page.console_errors
    marks = {a.student_id: (a.present, a.homework_done) for a in Attendance.objects.all()}
    assert marks == {school.student_a.pk: (True, False), school.student_a2.pk: (True, True)}
