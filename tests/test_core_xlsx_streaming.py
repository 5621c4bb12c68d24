"""The streamed workbook (XlsxWriter, rows written as XML): every value reads back as
the user typed it, with its type, format and border; short rows, the 合计 row, the
cover, the page header and a long generator keep the workbook's shape."""

from __future__ import annotations

import datetime
import decimal
import io

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from core.xlsx import HEADER_ROW, Percent, Sheet, workbook_bytes, write_workbook


def read(content: bytes):
    return load_workbook(io.BytesIO(content))


def test_every_kind_of_value_reads_back_with_its_type_format_and_border():
    aware = timezone.make_aware(datetime.datetime(2026, 9, 1, 8, 30))
    typed = (
        "<r>not markup</r>",
        "a\rb",
        " leading space",
        "a & b < c",
        decimal.Decimal("2.5"),
        True,
        aware,
        datetime.date(2026, 9, 14),
        Percent(0.125),
        7,
        1.5,
        None,
    )
    with translation.override("zh-hans"):
        content = workbook_bytes(
            [
                Sheet(
                    title="记录",
                    headers=[f"h{n}" for n in range(len(typed) + 1)],
                    rows=[(*typed, gettext_lazy("Name"))],
                )
            ]
        )
    cells = list(read(content)["记录"].iter_rows(min_row=HEADER_ROW + 1))[0]
    values = [cell.value for cell in cells]
    assert values[:4] == ["<r>not markup</r>", "a\rb", " leading space", "a & b < c"]
    assert all(cell.data_type == "s" and not cell.quotePrefix for cell in cells[:4])
    assert values[4] == 2.5 and cells[4].data_type == "n"
    assert values[5] is True and cells[5].data_type == "b"
    # An aware time is written in the school's local time.
    assert values[6] == timezone.localtime(aware).replace(tzinfo=None)
    assert cells[6].number_format == "yyyy-mm-dd hh:mm"
    assert values[7].date() == datetime.date(2026, 9, 14) and cells[7].number_format == "yyyy-mm-dd"
    assert values[8] == 0.125 and cells[8].number_format == "0.0%"
    assert values[9] == 7 and cells[9].number_format == "0"
    assert values[10] == 1.5
    assert values[11] is None
    assert values[12] == "姓名"  # a lazy translation, in the language of the export
    assert all(cell.border.left.style == "thin" for cell in cells)


def test_short_rows_are_padded_and_the_total_row_is_bold_and_filled():
    wb = read(
        workbook_bytes(
            [
                Sheet(
                    title="班级",
                    headers=["班级", "人数", "比率"],
                    rows=iter([("一班", 3), ("二班",)]),
                    totals=lambda: ("合计", 3),
                )
            ]
        )
    )
    ws = wb["班级"]
    assert ws.max_row == HEADER_ROW + 3
    short = ws[HEADER_ROW + 2]
    assert [cell.value for cell in short] == ["二班", None, None]
    assert all(cell.border.bottom.style == "thin" for cell in short)
    total = ws[HEADER_ROW + 3]
    assert [cell.value for cell in total] == ["合计", 3, None]
    assert all(cell.font.bold and cell.fill.fgColor.rgb.endswith("F2F2F2") for cell in total)
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:C{HEADER_ROW + 2}"
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:C1", "A2:C2"]


def test_the_cover_and_a_title_with_an_ampersand_in_the_page_header():
    wb = read(
        workbook_bytes(
            [Sheet(title="家访&G", headers=["x"], rows=[(1,)])],
            cover=[("学校", "第一中学"), ("日期", datetime.date(2026, 9, 1))],
            cover_title="汇总表",
        )
    )
    cover = wb.worksheets[0]
    assert cover["A1"].value == "汇总表" and cover["A1"].font.sz == 18
    assert cover.page_setup.orientation == "portrait"
    assert [(c.value, c.font.bold) for c in cover[3]] == [("学校", True), ("第一中学", False)]
    assert cover["B4"].value.date() == datetime.date(2026, 9, 1)
    # XlsxWriter alone would drop a header holding "&G"; the title is still printed.
    assert wb["家访&G"].oddHeader.center.text == "家访&&G"


def test_a_long_generator_streams_to_the_last_row_with_progress():
    seen: list[int] = []
    rows = ((n, f"第{n}行", datetime.date(2026, 9, 1)) for n in range(12_345))
    buffer = io.BytesIO()
    total = write_workbook(
        [Sheet(title="长", headers=["n", "文本", "日期"], rows=rows)],
        buffer,
        on_progress=seen.append,
        every=5000,
    )
    assert total == 12_345 and seen == [5000, 10000, 12_345]
    ws = read(buffer.getvalue())["长"]
    assert ws.max_row == HEADER_ROW + 12_345
    last = ws[HEADER_ROW + 12_345]
    assert last[0].value == 12_344 and last[1].value == "第12344行"
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:C{HEADER_ROW + 12_345}"
