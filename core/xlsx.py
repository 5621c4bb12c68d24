"""The one Excel writer: every .xlsx Bangfu produces goes through this module.

It owns what every export must get right once:

- **cell safety**: ``safe_cell`` — openpyxl writes a string starting with ``=``
  as a live formula, and spreadsheet programs also run ``+ - @`` and
  control-character prefixes (DDE payloads). Text a user typed stays text;
- **styles**: a bold, filled, bordered, wrapped header row; date, date-time and
  percent number formats (``Percent`` marks a 0–1 ratio);
- **layout**: column widths, frozen header, auto filter, and print setup (A4,
  landscape, one page wide, the header row on every page, page numbers);
- **streaming**: ``write_workbook`` writes ``Sheet``s in openpyxl's write-only
  mode, so memory stays flat whatever the row count (feed it
  ``values_list(...).iterator(chunk_size=2000)``);
- **download**: ``XLSX_CONTENT_TYPE`` and ``xlsx_response``, whose
  ``Content-Disposition`` follows RFC 6266 (a Chinese file name travels as
  ``filename*=UTF-8''…`` with an ASCII fallback).

Typical uses::

    # a small export, built in memory
    content = workbook_bytes([Sheet(title=_("Roster"), headers=[...], rows=rows, widths=[14, 12])])
    return xlsx_response(content, "支持名单.xlsx")

    # a hand-laid-out sheet (normal mode) that still gets the house style
    wb, ws = new_workbook(_("Roster"))
    ws.append([safe_cell(v) for v in headers]); style_header_row(ws[1])
    ws.freeze_panes = "A2"; set_widths(ws, [16, 12]); setup_print(ws)
    return xlsx_response(save_bytes(wb), name)

    # a big export streamed to a temporary file
    handle = tempfile.SpooledTemporaryFile(); write_workbook([sheet], handle); handle.seek(0)
    return xlsx_file_response(handle, name)

No other module imports openpyxl to write (reading an upload may use ``load_workbook``).
"""

from __future__ import annotations

import datetime
import decimal
import io
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .plugins import Sheet

__all__ = [
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "FORMULA_PREFIXES",
    "PERCENT_FORMAT",
    "XLSX_CONTENT_TYPE",
    "Percent",
    "Sheet",
    "add_sheet",
    "new_workbook",
    "safe_cell",
    "save_bytes",
    "set_widths",
    "setup_print",
    "sheet_title",
    "style_header_row",
    "style_title_cell",
    "workbook_bytes",
    "write_sheet",
    "write_workbook",
    "xlsx_file_response",
    "xlsx_response",
]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# --- Cell safety ------------------------------------------------------------------

# A cell starting with one of these is read by Excel / LibreOffice as a formula
# (or as a DDE payload): "=", "+", "-", "@", tab, carriage return, line feed, NUL.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
# Characters XML 1.0 cannot hold: openpyxl refuses them, so they are dropped.
_ILLEGAL_TABLE = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def safe_cell(value):
    """The value as it may go into a cell: text that could run as a formula is neutralised.

    Numbers, dates and booleans pass unchanged (they are real cell types); text
    starting with ``= + - @``, tab, CR, LF or NUL gets a leading ``'``, so Excel
    shows it as the text the user typed. Lazy translations and other objects
    become text.
    """
    if value is None or isinstance(value, bool | int | float | decimal.Decimal | datetime.date):
        return value
    if not isinstance(value, str) or isinstance(value, Promise):
        value = str(value)
    if value.startswith(FORMULA_PREFIXES):
        value = "'" + value
    return value.translate(_ILLEGAL_TABLE)


# --- Styles -----------------------------------------------------------------------

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)
_THIN = Side(style="thin", color="A6A6A6")
HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WARNING_FILL = PatternFill("solid", fgColor="F8D7DA")  # a value over a limit
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT_FORMAT = "0.0%"
DEFAULT_WIDTH = 14
MAX_SHEET_TITLE = 31
SHEET_TITLE_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


class Percent(float):
    """A ratio (0–1) written with a percent number format."""


def style_header_cell(cell) -> None:
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = HEADER_ALIGNMENT
    cell.border = HEADER_BORDER


def style_header_row(cells: Iterable) -> None:
    """Give a row of a normal-mode sheet (``ws[1]``) the header style."""
    for cell in cells:
        style_header_cell(cell)


def style_title_cell(cell) -> None:
    """A title line above a sheet's header row: bold, no fill."""
    cell.font = HEADER_FONT


# --- Layout -----------------------------------------------------------------------


def sheet_title(title: str, used: set[str]) -> str:
    """A valid, unique sheet title (31 characters, no ``[]:*?/\\``); remembers it in ``used``."""
    base = str(title).translate(SHEET_TITLE_FORBIDDEN)[:MAX_SHEET_TITLE] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: MAX_SHEET_TITLE - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def set_widths(ws, widths: Sequence[int], columns: int | None = None) -> None:
    """Column widths in characters; columns past ``widths`` (up to ``columns``) get the default."""
    for index in range(1, max(len(widths), columns or 0) + 1):
        width = widths[index - 1] if index <= len(widths) else DEFAULT_WIDTH
        ws.column_dimensions[get_column_letter(index)].width = width


def setup_print(ws, *, header_rows: int = 1, landscape: bool = True) -> None:
    """Printed as the office hands it on: A4, one page wide, the header on every page,
    "page n of m" in the footer. On a write-only sheet, call before the first row."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header_rows:
        ws.print_title_rows = f"1:{header_rows}"
    ws.oddFooter.center.text = "&P / &N"


# --- Normal-mode workbooks ------------------------------------------------------


def new_workbook(title: str) -> tuple[Workbook, Any]:
    """A normal-mode workbook and its first sheet, titled ``title`` (made valid)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet_title(title, set())
    return wb, ws


def add_sheet(wb: Workbook, title: str) -> Any:
    """Another sheet of a normal-mode workbook, titled ``title`` (made valid and unique)."""
    used = {name.lower() for name in wb.sheetnames}
    return wb.create_sheet(sheet_title(title, used))


# --- Streaming writer -------------------------------------------------------------


def _cell(ws, value, column: int, styled: dict):
    """The value for one cell; dates and percents get a number format.

    Write-only rows are serialised as soon as they are appended, so one styled
    cell per column and format is reused row after row: creating and styling a
    new cell for every date would be most of the export's time.
    """
    value = safe_cell(value)
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


def write_sheet(wb: Workbook, sheet: Sheet, used: set[str], on_row: Callable[[], None]) -> int:
    """Append ``sheet`` to the write-only ``wb``; returns its number of data rows."""
    ws = wb.create_sheet(sheet_title(sheet.title, used))
    # Layout first: a write-only sheet writes its views and columns before the rows.
    ws.freeze_panes = "A2"
    setup_print(ws)
    set_widths(ws, sheet.widths, len(sheet.headers))
    header_cells = []
    for header in sheet.headers:
        cell = WriteOnlyCell(ws, value=safe_cell(header))
        style_header_cell(cell)
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


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """``sheets`` as .xlsx bytes (streamed, with the house style)."""
    out = io.BytesIO()
    write_workbook(sheets, out)
    return out.getvalue()


def save_bytes(wb: Workbook) -> bytes:
    """A normal-mode workbook as .xlsx bytes."""
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- Download ---------------------------------------------------------------------


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A download of ``content``: the .xlsx content type and an RFC 6266 file name."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def xlsx_file_response(handle: IO[bytes], filename: str) -> FileResponse:
    """A download of an open .xlsx file (a finished background export), streamed."""
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
