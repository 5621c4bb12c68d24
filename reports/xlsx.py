"""Writing workbooks: the one place cells are made safe and sheets get their shape.

Every export goes through ``write_workbook``: a write-only openpyxl workbook
(rows are streamed to disk, memory stays flat whatever the row count), a bold
frozen header row with an auto filter, column widths, and real date and number
cells. Text cells go through ``safe()`` so that nothing a user typed becomes a
formula when the file is opened.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import IO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.plugins import Sheet
from core.xlsx import safe_cell as safe

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT_FORMAT = "0.0%"
MAX_SHEET_TITLE = 31
SHEET_TITLE_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


class Percent(float):
    """A ratio (0–1) written with a percent number format."""


def _cell(ws, value, column: int, styled: dict):
    """The value for one cell; dates and percents get a number format.

    Write-only rows are serialised as soon as they are appended, so one styled
    cell per column and format is reused row after row: creating and styling a
    new cell for every date would be most of the export's time.
    """
    value = safe(value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        number_format = DATE_FORMAT
    elif isinstance(value, Percent):
        value = float(value)
        number_format = PERCENT_FORMAT
    else:
        return value
    cell = styled.get((column, number_format))
    if cell is None:
        cell = styled[(column, number_format)] = WriteOnlyCell(ws)
        cell.number_format = number_format
    cell.value = value
    return cell


def sheet_title(title: str, used: set[str]) -> str:
    base = str(title).translate(SHEET_TITLE_FORBIDDEN)[:MAX_SHEET_TITLE] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: MAX_SHEET_TITLE - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def write_sheet(wb: Workbook, sheet: Sheet, used: set[str], on_row: Callable[[], None]) -> int:
    ws = wb.create_sheet(sheet_title(sheet.title, used))
    # Layout first: a write-only sheet writes its views and columns before the rows.
    ws.freeze_panes = "A2"
    # Printed as the office hands it on: landscape, one page wide, the header on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    for index in range(1, len(sheet.headers) + 1):
        width = sheet.widths[index - 1] if index <= len(sheet.widths) else 14
        ws.column_dimensions[get_column_letter(index)].width = width
    header_cells = []
    for header in sheet.headers:
        cell = WriteOnlyCell(ws, value=safe(header))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        header_cells.append(cell)
    ws.append(header_cells)
    count = 0
    styled: dict = {}
    for row in sheet.rows:
        ws.append([_cell(ws, value, column, styled) for column, value in enumerate(row)])
        count += 1
        on_row()
    if sheet.headers:
        last = get_column_letter(len(sheet.headers))
        ws.auto_filter.ref = f"A1:{last}{count + 1}"
    return count


def write_workbook(
    sheets: Iterable[Sheet],
    target: str | IO[bytes],
    on_progress: Callable[[int], None] | None = None,
    every: int = 2000,
) -> int:
    """Stream ``sheets`` into an .xlsx at ``target``; returns the number of data rows.

    ``on_progress(rows_written)`` is called every ``every`` rows.
    """
    wb = Workbook(write_only=True)
    used: set[str] = set()
    written = 0

    def on_row() -> None:
        nonlocal written
        written += 1
        if on_progress is not None and written % every == 0:
            on_progress(written)

    for sheet in sheets:
        write_sheet(wb, sheet, used, on_row)
    if not used:
        write_sheet(wb, Sheet(title="-", headers=[], rows=[]), used, on_row)
    wb.save(target)
    if on_progress is not None:
        on_progress(written)
    return written
