"""On a phone: pasting a score column from Excel into the grid; filling an inspection form."""

from __future__ import annotations

import datetime
import importlib
from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.models import EvaluationResult
from inspections import services as inspection_services
from inspections.models import ChecklistItem, InspectionResult

from .browser import fits_phone_width, log_in, phone_page, screenshot
from .factories.evaluations import EvaluationFactory
from .factories.school import UserFactory
from .factories.students import StudentFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pasting_a_column_from_excel_fills_the_grid(live_server, school):
    for i in range(3, 7):
        StudentFactory(school_class=school.class_a, student_number=f"A00{i}", name=f"学生{i}号")
    evaluation = EvaluationFactory(
        term=school.term, school_class=school.class_a, subject=school.maths, name="第一单元"
    )
    # Excel copies a column as lines ending in CRLF, with a trailing newline.
    column = "45\r\n88\r\n\r\n72.5\r\n59\r\n100\r\n"
    with phone_page(live_server) as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        log_in(page, "teacher_a", "pw-12345678")
        page.goto(page.base_url + reverse("evaluations:detail", args=[evaluation.pk]))
        assert fits_phone_width(page)
        inputs = page.locator("input[data-grid-col='0']")
        assert inputs.count() == 6
        page.evaluate("text => navigator.clipboard.writeText(text)", column)
        inputs.nth(0).click()
        page.keyboard.press("Control+V")
        values = [inputs.nth(i).input_value() for i in range(6)]
        assert values == ["45", "88", "", "72.5", "59", "100"]
        # A single value pastes normally, into one box only.
        page.evaluate("text => navigator.clipboard.writeText(text)", "66")
        inputs.nth(2).click()
        page.keyboard.press("Control+V")
        assert inputs.nth(2).input_value() == "66"
        assert inputs.nth(3).input_value() == "72.5"
        page.locator("input[data-grid-col='1']").nth(0).fill("两位数乘法，估算")
        screenshot(page, "evaluations-grid-pasted")
        page.click("#score-grid button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert page.console_errors == []
    scores = list(
        EvaluationResult.objects.filter(evaluation=evaluation)
        .order_by("student__student_number")
        .values_list("score", "goal_attained")
    )
    assert scores == [
        (Decimal("45.0"), False),
        (Decimal("88.0"), True),
        (Decimal("66.0"), True),
        (Decimal("72.5"), True),
        (Decimal("59.0"), False),
        (Decimal("100.0"), True),
    ]
    first = EvaluationResult.objects.get(evaluation=evaluation, student=school.student_a)
    assert first.gaps.count() == 2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_inspector_fills_an_inspection_form_on_a_phone(live_server, school):
    # transaction=True empties the tables, the migration's checklist too: seed it again.
    default = importlib.import_module("evaluations.migrations.0002_default_checklist")
    for order, (area, name, description, weight) in enumerate(default.DEFAULT_ITEMS, start=1):
        ChecklistItem.objects.create(
            area=area, name=name, description=description, weight=weight, order=order
        )
    backbone = UserFactory(username="backbone", full_name="骨干教师")
    r = inspection_services.create_round(
        term=school.term,
        kind="midterm",
        subject=school.chinese,
        due=datetime.date(2026, 11, 12),
        inspectors=[backbone],
        teachers=[],
        user=school.director,
    )
    items = list(r.items.all())
    with phone_page(live_server) as page:
        log_in(page, "backbone", "pw-12345678")
        page.goto(page.base_url + reverse("inspections:round_detail", args=[r.pk]))
        page.click(f"a[href='{reverse('inspections:inspect', args=[r.pk, school.head.pk])}']")
        page.wait_for_load_state("networkidle")
        assert fits_phone_width(page)
        for n, item in enumerate(items):
            page.fill(f"#score-{item.pk}", str(6 + n % 4))
            page.fill(f"#comment-{item.pk}", f"意见{n}")
        page.fill("textarea[name=problems]", "面批记录偏少")
        page.fill("textarea[name=follow_up]", "每周面批学困生两次")
        screenshot(page, "evaluations-inspection-form")
        page.click("#inspection-form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert page.url.endswith(reverse("inspections:round_detail", args=[r.pk]))
        assert page.console_errors == []
        screenshot(page, "evaluations-round-detail")
    result = InspectionResult.objects.get(round=r, teacher=school.head)
    assert result.inspector == backbone and result.problems == "面批记录偏少"
    assert [(s.score, s.comment) for s in result.scores.order_by("item__order")] == [
        (Decimal(6 + n % 4), f"意见{n}") for n in range(len(items))
    ]
