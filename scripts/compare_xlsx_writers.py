"""Raw write speed of the streaming .xlsx writers, side by side in one run (issue 19 item 3).

    .venv/bin/python scripts/compare_xlsx_writers.py --rows 200000 400000

Each writer writes the same synthetic observation log (11 columns: a date, texts with
Chinese characters, two numbers, a note, a date-time; bordered cells, number formats,
one format object or styled cell per column and kind, reused) in a child process of its
own, so each peak RSS is that writer's alone. No database: this is the writer's cost.
"""

from __future__ import annotations

import argparse
import datetime
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOTES = [
    "课堂上能主动举手回答问题，计算错误明显减少",
    "作业完成情况良好，字迹工整",
    "=1+1 家长反馈在家练习",
    "注意力不集中，需要继续跟进",
]


def rows(n: int):
    start = datetime.date(2026, 3, 1)
    stamp = datetime.datetime(2026, 3, 1, 16, 30)
    for i in range(n):
        yield (
            start + datetime.timedelta(days=i % 120),
            f"2026{i % 1600:04d}",
            "张小明",
            "七年级(3)班",
            "数学",
            "课堂表现",
            i % 5 + 1,
            float(i % 100),
            NOTES[i % 4],
            "王老师",
            stamp + datetime.timedelta(minutes=i),
        )


def openpyxl_write_only(n: int, path: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Side

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("观察记录")
    side = Side(style="thin", color="808080")
    border = Border(left=side, right=side, top=side, bottom=side)
    formats = {
        datetime.date: "yyyy-mm-dd",
        datetime.datetime: "yyyy-mm-dd hh:mm",
        int: "0",
        float: "General",
        str: "General",
    }
    cells: dict = {}

    def cell(column, value):
        key = (column, type(value))
        c = cells.get(key)
        if c is None:
            c = cells[key] = WriteOnlyCell(ws)
            c.border = border
            c.alignment = Alignment(vertical="center", wrap_text=isinstance(value, str))
            c.number_format = formats[type(value)]
        c.value = value
        if isinstance(value, str):
            c.data_type = "s"
            c.quotePrefix = value.startswith(("=", "+", "-", "@"))
        return c

    for row in rows(n):
        ws.append([cell(column, value) for column, value in enumerate(row)])
    wb.save(path)


def xlsxwriter_constant_memory(n: int, path: str) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(
        path, {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    )
    ws = wb.add_worksheet("观察记录")
    base = {"border": 1, "border_color": "#808080", "valign": "vcenter"}
    text = wb.add_format({**base, "text_wrap": True})
    quoted = wb.add_format({**base, "text_wrap": True, "quote_prefix": True})
    date = wb.add_format({**base, "num_format": "yyyy-mm-dd"})
    stamp = wb.add_format({**base, "num_format": "yyyy-mm-dd hh:mm"})
    count = wb.add_format({**base, "num_format": "0"})
    number = wb.add_format(base)
    for r, row in enumerate(rows(n)):
        for c, value in enumerate(row):
            kind = type(value)
            if kind is str:
                ws.write_string(
                    r, c, value, quoted if value.startswith(("=", "+", "-", "@")) else text
                )
            elif kind is datetime.datetime:
                ws.write_datetime(r, c, value, stamp)
            elif kind is datetime.date:
                ws.write_datetime(r, c, value, date)
            elif kind is int:
                ws.write_number(r, c, value, count)
            else:
                ws.write_number(r, c, value, number)
    wb.close()


def bangfu_core_xlsx(n: int, path: str) -> None:
    """What the exports use: core.xlsx.write_workbook (XlsxWriter, rows written as XML)."""
    from core.xlsx import Sheet, write_workbook

    headers = [f"column {n}" for n in range(11)]
    write_workbook([Sheet(title="观察记录", headers=headers, rows=rows(n))], path)


WRITERS = {
    "openpyxl write-only": openpyxl_write_only,
    "XlsxWriter constant_memory": xlsxwriter_constant_memory,
    "core.xlsx (XlsxWriter + XML rows)": bangfu_core_xlsx,
}


def child(writer: str, n: int) -> None:
    if writer.startswith("core.xlsx"):  # imported before the clock starts
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from django.conf import settings

        settings.configure(USE_TZ=True, TIME_ZONE="Asia/Shanghai", USE_I18N=False)
        import core.xlsx  # noqa: F401
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        start = time.perf_counter()
        WRITERS[writer](n, handle.name)
        seconds = time.perf_counter() - start
        size = handle.seek(0, 2)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "bytes": size}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[200_000, 400_000])
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    print(f"{'writer':34} {'rows':>8} {'s':>7} {'peak MB':>8} {'file MB':>8}")
    for n in args.rows:
        for writer in WRITERS:
            out = subprocess.run(
                [sys.executable, __file__, "--child", writer, str(n)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            result = json.loads(out.strip().splitlines()[-1])
            print(
                f"{writer:34} {n:>8} {result['seconds']:>7.1f} {result['peak_mb']:>8.0f} "
                f"{result['bytes'] / 2**20:>8.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
