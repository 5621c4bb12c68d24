"""Measured, not guessed: a lesson for five students, a rating and a phrase each, on a phone.

Every tap and keystroke is counted twice: by the test's own ``tap`` helper and by the
page, which counts the trusted clicks and key presses it receives.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from archives.models import Observation

from .browser import fits_phone_width, log_in, phone_page, screenshot
from .factories.students import StudentFactory, SupportCaseFactory

COUNT_EVENTS = """
window.__taps = 0; window.__keys = 0;
document.addEventListener("click", e => { if (e.isTrusted) window.__taps += 1; }, true);
document.addEventListener("keydown", e => { if (e.isTrusted) window.__keys += 1; }, true);
"""

STUDENTS = 5
MAX_TAPS = 2 * STUDENTS + 1  # a rating and a phrase per student, plus one save


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_five_students_with_a_rating_and_a_phrase_in_eleven_taps_and_no_typing(live_server, school):
    cases = [
        SupportCaseFactory(
            student=StudentFactory(
                school_class=school.class_a, student_number=f"A6{i:02d}", name=f"学生{i}号"
            ),
            subject=school.maths,
            identified_by=school.teacher,
        )
        for i in range(STUDENTS)
    ]
    url = reverse("archives:lesson_log", args=[school.class_a.pk, school.maths.pk])
    taps = 0

    def tap(locator) -> None:
        nonlocal taps
        taps += 1
        locator.click()

    with phone_page(live_server) as page:
        log_in(page, "teacher_a", "pw-12345678")
        page.context.add_init_script(COUNT_EVENTS)
        page.goto(page.base_url + url)
        assert fits_phone_width(page)
        rows = page.locator(".lesson-row")
        assert rows.count() == STUDENTS
        chosen = []
        for i in range(STUDENTS):
            row = rows.nth(i)
            tap(row.locator(f"[data-rating='{i % 5 + 1}']"))
            chip = row.locator(".phrase-chip").nth(i % 3)
            chosen.append(chip.inner_text())
            tap(chip)
        assert "主动举手" in chosen
        for i in range(STUDENTS):
            assert rows.nth(i).locator("input[type=text]").input_value() == chosen[i]
        assert page.evaluate("[window.__taps, window.__keys]") == [taps, 0]
        screenshot(page, "archives-lesson-log-phrases")
        tap(page.locator("#lesson-form button[type=submit]"))
        page.wait_for_load_state("networkidle")

        assert taps <= MAX_TAPS and taps == 11
        saved = Observation.objects.order_by("case__student__student_number")
        assert [(o.case, o.rating, o.note) for o in saved] == [
            (case, i % 5 + 1, chosen[i]) for i, case in enumerate(cases)
        ]
        # The page remembers the lesson: what was saved, with an edit link per row.
        assert page.locator("#lesson-saved .saved-row").count() == STUDENTS
        assert page.locator("#lesson-saved a").count() == STUDENTS
        assert fits_phone_width(page)
        screenshot(page, "archives-lesson-log-saved")
        assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_second_chip_appends_and_the_chips_follow_the_kind(live_server, school):
    SupportCaseFactory(
        student=StudentFactory(school_class=school.class_a, student_number="A700"),
        subject=school.maths,
        identified_by=school.teacher,
    )
    url = reverse("archives:lesson_log", args=[school.class_a.pk, school.maths.pk])
    with phone_page(live_server) as page:
        log_in(page, "teacher_a", "pw-12345678")
        page.goto(page.base_url + url)
        row = page.locator(".lesson-row").first
        row.locator(".phrase-chip", has_text="主动举手").click()
        row.locator(".phrase-chip", has_text="基础题全对").click()
        row.locator(".phrase-chip", has_text="主动举手").click()  # not added twice
        assert row.locator("input[type=text]").input_value() == "主动举手；基础题全对"
        page.select_option("select[name=kind]", "homework")
        assert row.locator(".phrase-chip", has_text="作业未交").count() == 1
        assert page.console_errors == []
