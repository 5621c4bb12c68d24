"""The one Excel writer: every .xlsx Bangfu produces goes through this module.

It owns what every export must get right once:

- **cell safety**: openpyxl writes a string starting with ``=`` as a live
  formula, and spreadsheet programs also run ``+ - @`` and control-character
  prefixes (DDE payloads) when a cell is edited. Every text is written as a text
  cell (``keep_text``: the string type, plus the invisible quote-prefix style when
  it looks like a formula), so it keeps the user's exact characters, with no
  visible apostrophe in Excel, WPS or LibreOffice, and never runs;
- **styles**: a title row, a caption row (school, scope, period), a bold, filled,
  centred, bordered, wrapped header row; thin borders on every cell; the 合计 row;
  count, date, date-time and percent number formats (``Percent`` marks a 0–1 ratio);
- **layout**: column widths fitted to Chinese text, frozen header, auto filter,
  and print setup (A4, landscape, one page wide, the header row on every page,
  the title in the page header, page numbers in the footer); a cover sheet;
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
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .plugins import Sheet

__all__ = [
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "FORMULA_PREFIXES",
    "HEADER_ROW",
    "PERCENT_FORMAT",
    "XLSX_CONTENT_TYPE",
    "Percent",
    "Sheet",
    "add_sheet",
    "fitted_widths",
    "keep_text",
    "keep_texts",
    "looks_like_formula",
    "new_workbook",
    "safe_cell",
    "save_bytes",
    "set_widths",
    "setup_print",
    "sheet_title",
    "style_body",
    "style_header_row",
    "style_title_cell",
    "text_width",
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
    """The value as it may go into a cell.

    Numbers, dates and booleans pass unchanged (they are real cell types); lazy
    translations and other objects become text, without the characters XML cannot
    hold. Text keeps the user's exact characters: the writer (``keep_text``) stores
    it as a text cell, never a formula, so ``+86 138…`` or ``-`` shows as typed.
    """
    if value is None or isinstance(value, bool | int | float | decimal.Decimal | datetime.date):
        return value
    if not isinstance(value, str) or isinstance(value, Promise):
        value = str(value)
    return value.translate(_ILLEGAL_TABLE)


def looks_like_formula(value: str) -> bool:
    """Text a spreadsheet would take for a formula or an error code if it were typed in."""
    return value.startswith(FORMULA_PREFIXES) or value in ERROR_CODES


def keep_text(cell) -> None:
    """A text cell stays text: openpyxl's string type, never a formula or an error.

    Text that a spreadsheet would read as a formula when the cell is edited gets the
    quote-prefix *style* (``quotePrefix``), which Excel, WPS and LibreOffice honour
    without showing an apostrophe; the value keeps the user's exact characters.
    """
    value = cell.value
    if not isinstance(value, str):
        return
    cell.data_type = "s"
    if looks_like_formula(value):
        cell.quotePrefix = True


def keep_texts(wb: Workbook) -> None:
    """``keep_text`` on every cell of a normal-mode workbook (Bangfu writes no formulas)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    keep_text(cell)


# --- Styles -----------------------------------------------------------------------

HEADER_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
TITLE_ALIGNMENT = Alignment(horizontal="center", vertical="center")
TEXT_ALIGNMENT = Alignment(vertical="center", wrap_text=True)
NUMBER_ALIGNMENT = Alignment(vertical="center")
_THIN = Side(style="thin", color="808080")
HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
CELL_BORDER = HEADER_BORDER
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
WARNING_FILL = PatternFill("solid", fgColor="F8D7DA")  # a value over a limit
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT_FORMAT = "0.0%"
COUNT_FORMAT = "0"
DECIMAL_FORMAT = "0.0"
DEFAULT_WIDTH = 14
MAX_WIDTH = 60
MAX_SHEET_TITLE = 31
SHEET_TITLE_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
# A streamed sheet: its title on row 1, its caption (scope, period) on row 2, headers on 3.
HEADER_ROW = 3


class Percent(float):
    """A ratio (0–1) written with a percent number format."""


def text_width(text: object) -> int:
    """Display width in Latin characters: a Chinese character is two wide."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(text))


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


def style_body_cell(cell) -> None:
    """A data cell of a normal-mode sheet: thin borders, long text wrapped."""
    cell.border = CELL_BORDER
    cell.alignment = TEXT_ALIGNMENT if isinstance(cell.value, str) else NUMBER_ALIGNMENT


def style_body(ws, first_row: int, columns: int) -> None:
    """``style_body_cell`` on every cell from ``first_row`` down, ``columns`` wide."""
    for row in ws.iter_rows(min_row=first_row, max_col=columns):
        for cell in row:
            style_body_cell(cell)


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


def fitted_widths(headers: Sequence, widths: Sequence[int], rows: Sequence = ()) -> list[int]:
    """Widths that hold the headers and (for a small sheet given as a list) the values.

    Chinese characters count double; a long text stops at ``MAX_WIDTH`` and wraps.
    """
    result = []
    for index, header in enumerate(headers):
        width = widths[index] if index < len(widths) else DEFAULT_WIDTH
        # A header may wrap onto two lines, so half of it (plus padding) is enough.
        width = max(width, min(text_width(header), (text_width(header) + 1) // 2 + 4) + 2)
        for row in rows:
            if index < len(row) and row[index] is not None:
                value = row[index]
                if isinstance(value, datetime.datetime):
                    shown = 16
                elif isinstance(value, datetime.date):
                    shown = 10
                else:
                    shown = max(text_width(line) for line in str(value).split("\n"))
                width = max(width, shown + 2)
        result.append(min(width, MAX_WIDTH))
    return result


def set_widths(ws, widths: Sequence[int], columns: int | None = None) -> None:
    """Column widths in characters; columns past ``widths`` (up to ``columns``) get the default."""
    for index in range(1, max(len(widths), columns or 0) + 1):
        width = widths[index - 1] if index <= len(widths) else DEFAULT_WIDTH
        ws.column_dimensions[get_column_letter(index)].width = width


def setup_print(ws, *, header_rows: int | str = 1, landscape: bool = True, title: str = "") -> None:
    """Printed as the office hands it on: A4, one page wide, the header on every page,
    the title in the page header, "page n of m" in the footer. On a write-only sheet,
    call before the first row. ``header_rows`` is a count from row 1 or a range "3:3"."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    if header_rows:
        ws.print_title_rows = header_rows if isinstance(header_rows, str) else f"1:{header_rows}"
    if title:
        # "&" starts a header code: a title's own ampersands are doubled.
        ws.oddHeader.center.text = str(title).replace("&", "&&")
    ws.oddFooter.center.text = str(_("Page &P of &N"))


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


class _Cells:
    """The styled cells of one write-only sheet, one per column and kind, reused row after row.

    Write-only rows are serialised as soon as they are appended, so one styled cell
    per column and kind serves every row: creating and styling a new cell for every
    value would be most of the export's time. Every value goes into one of these, so
    a text is always written as text (``keep_text``) and every cell has its border.
    """

    def __init__(self, ws) -> None:
        self.ws = ws
        self.cells: dict = {}

    def get(self, column: int, kind: str, total: bool):
        key = (column, kind, total)
        cell = self.cells.get(key)
        if cell is None:
            cell = self.cells[key] = WriteOnlyCell(self.ws)
            cell.border = CELL_BORDER
            cell.alignment = TEXT_ALIGNMENT if kind in ("text", "quoted") else NUMBER_ALIGNMENT
            if kind in _FORMATS:
                cell.number_format = _FORMATS[kind]
            if kind == "quoted":
                cell.quotePrefix = True
            if total:
                cell.font = HEADER_FONT
                cell.fill = TOTAL_FILL
        return cell

    def cell(self, value, column: int, total: bool = False):
        value = safe_cell(value)
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.make_naive(value)
            kind = "datetime"
        elif isinstance(value, datetime.date):
            kind = "date"
        elif isinstance(value, Percent):
            value, kind = float(value), "percent"
        elif isinstance(value, bool):
            kind = "bool"
        elif isinstance(value, int):
            kind = "count"
        elif isinstance(value, float | decimal.Decimal):
            kind = "number"
        elif isinstance(value, str):
            kind = "quoted" if looks_like_formula(value) else "text"
        else:
            kind = "text"
        cell = self.get(column, kind, total)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
        return cell


_FORMATS = {
    "datetime": DATETIME_FORMAT,
    "date": DATE_FORMAT,
    "percent": PERCENT_FORMAT,
    "count": COUNT_FORMAT,
}


def write_sheet(
    wb: Workbook,
    sheet: Sheet,
    used: set[str],
    on_row: Callable[[], None],
    caption: str = "",
) -> int:
    """Append ``sheet`` to the write-only ``wb``; returns its number of data rows.

    Row 1 is the title, row 2 the caption (what the sheet covers), row 3 the headers
    (``HEADER_ROW``); then the data, and the 合计 row when the sheet has ``totals``.
    """
    ws = wb.create_sheet(sheet_title(sheet.title, used))
    columns = max(len(sheet.headers), 1)
    rows = sheet.rows if isinstance(sheet.rows, list | tuple) else None
    caption = sheet.caption or caption
    # Layout first: a write-only sheet writes its views and columns before the rows.
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    setup_print(ws, header_rows=f"{HEADER_ROW}:{HEADER_ROW}", title=sheet.title)
    set_widths(ws, fitted_widths(sheet.headers, sheet.widths, rows or ()), len(sheet.headers))
    cells = _Cells(ws)
    title_cell = WriteOnlyCell(ws, value=safe_cell(sheet.title))
    title_cell.font, title_cell.alignment = TITLE_FONT, TITLE_ALIGNMENT
    keep_text(title_cell)
    ws.append([title_cell])
    caption_cell = WriteOnlyCell(ws, value=safe_cell(caption) or None)
    caption_cell.alignment = TITLE_ALIGNMENT
    keep_text(caption_cell)
    ws.append([caption_cell])
    if columns > 1:
        last = get_column_letter(columns)
        ws.merged_cells.add(f"A1:{last}1")
        ws.merged_cells.add(f"A2:{last}2")
    header_cells = []
    for header in sheet.headers:
        cell = WriteOnlyCell(ws, value=safe_cell(header))
        style_header_cell(cell)
        keep_text(cell)
        header_cells.append(cell)
    ws.append(header_cells)
    count = 0
    width = len(sheet.headers)
    for row in sheet.rows:
        values = list(row)
        values += [None] * (width - len(values))
        ws.append([cells.cell(value, column) for column, value in enumerate(values)])
        count += 1
        on_row()
    if sheet.headers:
        last = get_column_letter(len(sheet.headers))
        ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + count}"
    if sheet.totals is not None:
        values = list(sheet.totals())
        values += [None] * (width - len(values))
        ws.append([cells.cell(value, column, total=True) for column, value in enumerate(values)])
    return count


def write_workbook(
    sheets: Iterable[Sheet],
    target: str | IO[bytes],
    on_progress: Callable[[int], None] | None = None,
    every: int = 2000,
    *,
    caption: str = "",
    cover: Sequence[tuple[object, object]] = (),
    cover_title: str = "",
) -> int:
    """Stream ``sheets`` into an .xlsx at ``target``; returns the number of data rows.

    ``caption`` (the school, scope and period) goes under every sheet's title;
    ``cover`` lines (label, value) make a first sheet titled ``cover_title``.
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

    if cover:
        write_cover(wb, cover_title, cover, used)
    for sheet in sheets:
        write_sheet(wb, sheet, used, on_row, caption)
    if not used:
        write_sheet(wb, Sheet(title="-", headers=[], rows=[]), used, on_row)
    wb.save(target)
    if on_progress is not None:
        on_progress(written)
    return written


def write_cover(
    wb: Workbook, title: str, lines: Sequence[tuple[object, object]], used: set[str]
) -> None:
    """The cover sheet of a return: a big title, then one line per item (a blank to sign)."""
    ws = wb.create_sheet(sheet_title(_("Cover"), used))
    setup_print(ws, header_rows=0, landscape=False, title=title)
    set_widths(ws, [22, 56])
    cells = _Cells(ws)
    title_cell = WriteOnlyCell(ws, value=safe_cell(title))
    title_cell.font, title_cell.alignment = Font(bold=True, size=18), TITLE_ALIGNMENT
    keep_text(title_cell)
    ws.append([title_cell])
    ws.merged_cells.add("A1:B1")
    ws.append([])
    for label, value in lines:
        label_cell = cells.cell(label, 0, total=True)
        ws.append([label_cell, cells.cell(value, 1)])


def workbook_bytes(sheets: Iterable[Sheet], **options) -> bytes:
    """``sheets`` as .xlsx bytes (streamed, with the house style)."""
    out = io.BytesIO()
    write_workbook(sheets, out, **options)
    return out.getvalue()


def save_bytes(wb: Workbook) -> bytes:
    """A normal-mode workbook as .xlsx bytes; every text stays text (``keep_texts``)."""
    keep_texts(wb)
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
