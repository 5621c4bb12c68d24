"""An administrator checks a roster upload on a phone: the preview fits, a class change is
ticked, the import is confirmed."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from students.models import Student
from tests.browser import fits_phone_width, log_in, phone_page, screenshot


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_administrator_previews_and_confirms_a_roster_upload_on_a_phone(
    live_server, school, tmp_path
):
    wb = Workbook()
    ws = wb.active
    ws.append(["学号", "姓名", "性别", "班级"])
    ws.append(["A001", "张小明", "男", "三年级(2)班"])  # moves class: needs a tick
    ws.append(["N001", "赵一", "女", "三年级(1)班"])
    path = tmp_path / "roster.xlsx"
    wb.save(path)
    with phone_page(live_server) as page:
        log_in(page, "admin1", "pw-12345678")
        page.goto(f"{live_server.url}/students/import/")
        page.set_input_files("input[type=file]", str(path))
        page.get_by_role("button", name="检查文件").click()
        page.wait_for_load_state("networkidle")
        assert page.get_by_text("导入前请核对").is_visible()
        assert fits_phone_width(page)
        screenshot(page, "roster-import-preview-phone")
        page.check("input[name=accept][value=A001]")
        page.get_by_role("button", name="确认导入").click()
        page.wait_for_load_state("networkidle")
        assert page.console_errors == []
    assert Student.objects.get(student_number="A001").school_class == school.class_b
    assert Student.objects.filter(student_number="N001").exists()
