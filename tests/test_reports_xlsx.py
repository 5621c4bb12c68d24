"""The workbook writer: text never becomes a formula; sheets have their shape and real types."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from core.plugins import Sheet
from core.xlsx import HEADER_ROW, Percent, write_workbook
from core.xlsx import safe_cell as safe


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("=1+1", "=1+1"),
        ("+86 138", "+86 138"),
        ("-5", "-5"),
        ("@SUM(A1)", "@SUM(A1)"),
        ("\tcmd", "\tcmd"),
        ("\rcmd", "\rcmd"),
        ("\0cmd", "cmd"),
        ('=HYPERLINK("http://evil")', '=HYPERLINK("http://evil")'),
        ("张小明", "张小明"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_text_a_user_typed_keeps_its_characters_and_is_written_as_text(typed, stored):
    assert safe(typed) == stored
    if not stored:
        return
    ws = write([Sheet(title="t", headers=["x"], rows=[(typed,)])])["t"]
    cell = ws.cell(HEADER_ROW + 1, 1)
    assert cell.data_type == "s" and cell.value == stored
    assert bool(cell.quotePrefix) == stored.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_numbers_dates_and_empty_cells_keep_their_type():
    day = datetime.date(2026, 9, 1)
    assert safe(-5) == -5
    assert safe(2.5) == 2.5
    assert safe(day) is day
    assert safe(None) is None
    assert safe(True) is True


def write(sheets) -> object:
    buffer = io.BytesIO()
    write_workbook(sheets, buffer)
    buffer.seek(0)
    return load_workbook(buffer)


def test_sheet_has_frozen_bold_header_filter_widths_and_real_types():
    day = datetime.date(2026, 9, 14)
    wb = write(
        [
            Sheet(
                title="名单",
                headers=["姓名", "日期", "人数", "比率"],
                rows=iter([("=cmd|' /C calc'!A0", day, 3, Percent(0.25)), ("李", None, 0, None)]),
                widths=[20, 12],
            )
        ]
    )
    ws = wb["名单"]
    assert ws["A1"].value == "名单" and ws["A1"].font.bold  # the title row
    assert ws.freeze_panes == "A4"
    assert ws.auto_filter.ref == "A3:D5"
    assert ws["A3"].value == "姓名" and ws["A3"].font.bold
    assert ws["A3"].alignment.horizontal == "center"
    assert ws.column_dimensions["A"].width == 20
    assert ws["A4"].value == "=cmd|' /C calc'!A0"
    assert ws["A4"].data_type == "s" and ws["A4"].quotePrefix
    assert ws["A4"].border.left.style == "thin" and ws["A4"].alignment.wrap_text
    assert ws["B4"].value.date() == day and ws["B4"].is_date
    assert ws["C4"].value == 3 and ws["C4"].data_type == "n" and ws["C4"].number_format == "0"
    assert ws["D4"].value == 0.25 and ws["D4"].number_format == "0.0%"
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$3:$3"
    assert ws.oddHeader.center.text == "名单"


def test_sheet_titles_are_made_valid_and_unique():
    wb = write(
        [
            Sheet(title="a/b:c", headers=["x"], rows=[]),
            Sheet(title="a/b:c", headers=["x"], rows=[]),
            Sheet(title="x" * 40, headers=["x"], rows=[]),
        ]
    )
    assert wb.sheetnames == ["a_b_c", "a_b_c (2)", "x" * 31]


def test_progress_is_reported_while_rows_stream():
    seen = []
    buffer = io.BytesIO()
    rows = ((n,) for n in range(4500))
    total = write_workbook(
        [Sheet(title="n", headers=["n"], rows=rows)], buffer, on_progress=seen.append, every=2000
    )
    assert total == 4500
    assert seen == [2000, 4000, 4500]
