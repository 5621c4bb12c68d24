"""The one Excel writer: safe cells, the house style, print setup, and RFC 6266 downloads."""

from __future__ import annotations

import datetime
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from core.xlsx import (
    XLSX_CONTENT_TYPE,
    Percent,
    Sheet,
    workbook_bytes,
    xlsx_response,
)


def test_a_chinese_file_name_travels_as_utf8_with_an_ascii_fallback():
    response = xlsx_response(b"PK", "三年级支持名单.xlsx")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert "filename*=utf-8''%E4%B8%89%E5%B9%B4%E7%BA%A7" in disposition
    assert "三" not in disposition  # headers stay ASCII


def test_an_ascii_file_name_is_quoted():
    disposition = xlsx_response(b"PK", 'roster "a".xlsx')["Content-Disposition"]
    assert disposition == 'attachment; filename="roster \\"a\\".xlsx"'


def test_a_sheet_gets_the_house_style_and_prints_on_a4_landscape():
    day = datetime.date(2026, 9, 1)
    content = workbook_bytes(
        [
            Sheet(
                title="名单/一",
                headers=["姓名", "日期", "比例"],
                rows=[("=1+1", day, Percent(0.5))],
                widths=[20],
            )
        ]
    )
    ws = load_workbook(BytesIO(content)).active
    assert ws.title == "名单_一"
    assert ws["A3"].font.bold and ws["A3"].fill.fgColor.rgb.endswith("DDEBF7")
    assert ws["A3"].border.bottom.style == "thin" and ws["A3"].alignment.wrap_text
    assert ws["A4"].value == "=1+1" and ws["A4"].data_type == "s" and ws["A4"].quotePrefix
    assert ws["B4"].number_format == "yyyy-mm-dd" and ws["C4"].number_format == "0.0%"
    assert ws.freeze_panes == "A4"
    assert ws.column_dimensions["A"].width == 20 and ws.column_dimensions["C"].width == 14
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.print_title_rows == "$3:$3"
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_the_roster_template_download_goes_through_the_writer(school, login):
    response = login(school.admin).get(reverse("students:import_template"))
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="roster-template.xlsx"'
    ws = load_workbook(BytesIO(response.content)).active
    assert ws["A1"].font.bold and ws.freeze_panes == "A2"
    assert ws.title == "学生名单" and ws.column_dimensions["A"].width == 14
    assert ws.print_title_rows == "$1:$1"
