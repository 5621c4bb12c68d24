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
- **streaming**: ``write_workbook`` writes ``Sheet``s through XlsxWriter's
  ``constant_memory`` mode (chosen by measurement, ``scripts/compare_xlsx_writers.py``;
  the data rows go straight to its row file as XML), so memory stays flat whatever
  the row count (feed it ``values_list(...).iterator(chunk_size=2000)``); openpyxl
  writes the small normal-mode sheets and reads uploads;
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

No other module imports openpyxl or XlsxWriter to write (reading an upload may use
``load_workbook``).
"""

from __future__ import annotations

import datetime
import decimal
import io
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

import xlsxwriter
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

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
#
# Big sheets stream through XlsxWriter in ``constant_memory`` mode: each row goes to a
# temporary file as soon as the next one starts, so memory stays flat whatever the
# row count. Measured side by side (scripts/compare_xlsx_writers.py) it writes the
# observation log faster than openpyxl's write-only mode; openpyxl is kept for the
# normal-mode sheets above and for reading uploads.

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ERROR_CODES = frozenset(ERROR_CODES)
_XML_SPECIAL = re.compile("[&<>\r]")
# Any text that needs more than writing as it is: see _text_cell.
_SPECIAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f&<>\r]|_x[0-9A-Fa-f]{4}_|^\s|\s$")
# Text that looks like Excel's escape of a character: its underscore is escaped in turn.
_EXCEL_ESCAPE = re.compile("(_x[0-9A-Fa-f]{4}_)")
_MAX_TEXT = 32767  # characters in a cell
_EPOCH_ORDINAL = datetime.date(1899, 12, 30).toordinal()
# Excel counts a 29 February 1900 that never was: the serials before 1 March are one less.
_SERIAL_FROM = datetime.date(1900, 3, 1).toordinal() - _EPOCH_ORDINAL
_LAST_ROW = 1_048_575  # Excel's last row (zero-based)


def _format_props(fill: str, **props) -> dict:
    return {**props, "pattern": 1, "bg_color": fill} if fill else props


_BORDER = {"border": 1, "border_color": "#808080"}
_HEADER = _format_props(
    "#DDEBF7", bold=True, align="center", valign="vcenter", text_wrap=True, **_BORDER
)
_TITLE = {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}
_COVER_TITLE = {"bold": True, "font_size": 18, "align": "center", "valign": "vcenter"}
_CAPTION = {"align": "center", "valign": "vcenter"}
_TEXT = {"valign": "vcenter", "text_wrap": True, **_BORDER}
_NUMBER = {"valign": "vcenter", **_BORDER}
_TOTAL = _format_props("#F2F2F2", bold=True)
_KIND_PROPS = {
    "text": _TEXT,
    "quoted": {**_TEXT, "quote_prefix": True},
    "datetime": {**_NUMBER, "num_format": DATETIME_FORMAT},
    "date": {**_NUMBER, "num_format": DATE_FORMAT},
    "percent": {**_NUMBER, "num_format": PERCENT_FORMAT},
    "count": {**_NUMBER, "num_format": COUNT_FORMAT},
    "number": _NUMBER,
    "bool": _NUMBER,
}


class _Formats:
    """The workbook's cell formats, made once per kind and reused by every cell."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.wb = wb
        self.made: dict = {}

    def get(self, name: str, props: dict, quoted: bool = False):
        key = (name, quoted)
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = self.wb.add_format(
                {**props, "quote_prefix": True} if quoted else props
            )
        return found

    def body(self, total: bool = False) -> dict:
        """The format of each kind of value, for a data row or the 合计 row."""
        if total:
            return {
                kind: self.get(f"total-{kind}", {**props, **_TOTAL})
                for kind, props in _KIND_PROPS.items()
            }
        return {kind: self.get(kind, props) for kind, props in _KIND_PROPS.items()}


def _as_written(value: str) -> str:
    """A text as XlsxWriter's inline strings must be given it to read back as typed.

    XlsxWriter writes a text that starts with ``<r>`` and ends with ``</r>`` as raw
    rich-text XML, and a carriage return as ``_x000D_`` (which not every reader
    turns back). Such a text becomes one plain, escaped run (the carriage return a
    character reference).
    """
    if "\r" in value or (value.startswith("<r>") and value.endswith("</r>")):
        escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        escaped = escaped.replace("\r", "&#13;")
        return f'<r><t xml:space="preserve">{escaped}</t></r>'
    return value


def _is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_PREFIXES) or value in _ERROR_CODES


def _write_text(ws, row: int, column: int, value: object, formats: _Formats, name, props):
    """One text cell (a title, caption or header) in its format, quote-prefixed if need be."""
    text = safe_cell(value) if value is not None else ""
    if text:
        quoted = _is_formula_like(text)
        ws.write_string(row, column, _as_written(text), formats.get(name, props, quoted))
    else:
        ws.write_blank(row, column, None, formats.get(name, props))


def _xml_text(value: str) -> str:
    """The ``<t>`` of an inline string: escaped for XML and for Excel's ``_xHHHH_``."""
    if len(value) > _MAX_TEXT:
        value = value[:_MAX_TEXT]
    if _XML_SPECIAL.search(value):
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        # A raw carriage return would be read as a line feed.
        value = value.replace("\r", "&#13;")
    if "_x" in value:
        value = _EXCEL_ESCAPE.sub(r"_x005F\1", value)
    if value[0].isspace() or value[-1].isspace():
        return f'<t xml:space="preserve">{value}</t>'
    return f"<t>{value}</t>"


def _text_cell(ref: str, value: str, kinds: dict) -> str:
    """A text cell the long way: characters XML cannot hold dropped (``safe_cell``),
    escaped, quote-prefixed when a spreadsheet would take it for a formula."""
    if _ILLEGAL.search(value):
        value = value.translate(_ILLEGAL_TABLE)
    if not value:
        return f'<c r="{ref}" s="{kinds["text"]}"/>'
    quoted = value.startswith(FORMULA_PREFIXES) or value in _ERROR_CODES
    style = kinds["quoted" if quoted else "text"]
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is>{_xml_text(value)}</is></c>'


def _serial(value: datetime.date) -> float:
    """A date or (naive) date-time as Excel's serial number."""
    days = value.toordinal() - _EPOCH_ORDINAL
    if days < _SERIAL_FROM:
        days -= 1
    if isinstance(value, datetime.datetime):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return days + (seconds + value.microsecond / 1e6) / 86400
    return days


def _row_styles(formats: _Formats, total: bool = False) -> dict[str, int]:
    """Each kind's format as the index a cell's ``s`` attribute names."""
    return {kind: fmt._get_xf_index() for kind, fmt in formats.body(total).items()}


class _Rows:
    """Writes the data rows of one constant-memory sheet as XML, straight to its row file.

    XlsxWriter's cell-by-cell calls cost most of a big export's time; the rows are
    written here with the workbook's own formats (their indexes), as XlsxWriter writes
    them: inline strings, numbers, date serials. The sheet's dimensions are kept for
    XlsxWriter, which writes everything else (titles, headers, merges, layout).
    """

    def __init__(self, ws, width: int) -> None:
        self.ws = ws
        self.letters = [xl_col_to_name(column) for column in range(max(width, 2))]
        self.zone = timezone.get_current_timezone()
        self.dates: dict[datetime.date, int | float] = {}

    def write(self, row: int, values: Iterable, width: int, styles: Sequence[dict]) -> None:
        """Row ``row`` (zero-based): ``values`` from column A, blanks up to ``width``;
        ``styles[column]`` is that column's format index of each kind of value."""
        if row > _LAST_ROW:
            raise ValueError(_("The sheet has more rows than a spreadsheet can hold."))
        ws = self.ws
        ws._write_single_row(row)  # flushes a row XlsxWriter still holds (the headers)
        number = row + 1
        letters = self.letters
        cells = []
        column = -1
        for column, value in enumerate(values):
            ref = f"{letters[column]}{number}"
            kinds = styles[column]
            kind = type(value)
            if kind is str:
                # Most texts need nothing done: the rest take the long way.
                if not value or len(value) > _MAX_TEXT or _SPECIAL.search(value):
                    cells.append(_text_cell(ref, value, kinds))
                    continue
                quoted = value.startswith(FORMULA_PREFIXES) or value in _ERROR_CODES
                style = kinds["quoted" if quoted else "text"]
                cells.append(f'<c r="{ref}" s="{style}" t="inlineStr"><is><t>{value}</t></is></c>')
            elif value is None:
                cells.append(f'<c r="{ref}" s="{kinds["text"]}"/>')
            elif kind is int:
                cells.append(f'<c r="{ref}" s="{kinds["count"]}"><v>{value}</v></c>')
            elif kind is float and math.isfinite(value):
                cells.append(f'<c r="{ref}" s="{kinds["number"]}"><v>{value:.16G}</v></c>')
            elif kind is datetime.date:
                serial = self.dates.get(value)
                if serial is None:
                    serial = self.dates[value] = _serial(value)
                cells.append(f'<c r="{ref}" s="{kinds["date"]}"><v>{serial}</v></c>')
            elif kind is datetime.datetime:
                if value.tzinfo is not None:
                    value = value.astimezone(self.zone)  # _serial reads the local fields
                serial = _serial(value)
                cells.append(f'<c r="{ref}" s="{kinds["datetime"]}"><v>{serial:.16G}</v></c>')
            else:
                cells.append(self.other(ref, value, kinds))
        for blank in range(column + 1, width):
            cells.append(f'<c r="{letters[blank]}{number}" s="{styles[blank]["text"]}"/>')
        if not cells:
            return
        ws._check_dimensions(row, 0)
        ws._check_dimensions(row, len(cells) - 1)
        ws.fh.write(f'<row r="{number}">{"".join(cells)}</row>')

    def other(self, ref: str, value: object, kinds: dict) -> str:
        """A number, a ratio, a yes/no, or anything else as text (a lazy translation...)."""
        if isinstance(value, bool):
            return f'<c r="{ref}" s="{kinds["bool"]}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, int | float | decimal.Decimal):
            number = float(value)
            if not math.isfinite(number):
                raise ValueError(f"{value} cannot be written to a spreadsheet")
            kind = "percent" if isinstance(value, Percent) else "number"
            if isinstance(value, int):
                kind = "count"
            return f'<c r="{ref}" s="{kinds[kind]}"><v>{number:.16G}</v></c>'
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.make_naive(value)
            return f'<c r="{ref}" s="{kinds["datetime"]}"><v>{_serial(value):.16G}</v></c>'
        if isinstance(value, datetime.date):
            return f'<c r="{ref}" s="{kinds["date"]}"><v>{_serial(value)}</v></c>'
        return _text_cell(ref, safe_cell(value), kinds)


class _Worksheet(Worksheet):
    """XlsxWriter's sheet, with one ``<col>`` per column (as openpyxl writes them): equal
    neighbours are not merged into a range, which some readers see as one column."""

    def _write_cols(self) -> None:
        if not self.col_info:
            return
        self._xml_start_tag("cols")
        for column in sorted(self.col_info):
            self._write_col_info(column, column, self.col_info[column])
        self._xml_end_tag("cols")


def _column_pixels(width: float) -> int:
    """XlsxWriter's pixel width that stores ``width`` characters as openpyxl's sheets do."""
    return round(width * 7)


def _print_setup(ws, *, header_row: int | None, landscape: bool, title: str) -> None:
    """``setup_print`` for a streamed sheet: A4, one page wide, the header row on every
    page, the title in the page header, "page n of m" in the footer."""
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    if header_row is not None:
        ws.repeat_rows(header_row)
    if title:
        # "&" starts a header code: a title's own ampersands are doubled. XlsxWriter
        # would refuse "&&G" (it counts "&G" as an image's place), so the text is set
        # after it (Excel's limit: 255 characters).
        ws.set_header("&C")
        ws.header = "&C" + str(title).replace("&", "&&")[:250]
    ws.set_footer("&C" + str(_("Page &P of &N")))


def write_sheet(
    wb: xlsxwriter.Workbook,
    formats: _Formats,
    sheet: Sheet,
    used: set[str],
    on_row: Callable[[], None],
    caption: str = "",
) -> int:
    """Append ``sheet`` to the streaming ``wb``; returns its number of data rows.

    Row 1 is the title, row 2 the caption (what the sheet covers), row 3 the headers
    (``HEADER_ROW``); then the data, and the 合计 row when the sheet has ``totals``.
    """
    ws = wb.add_worksheet(sheet_title(sheet.title, used), worksheet_class=_Worksheet)
    width = len(sheet.headers)
    columns = max(width, 1)
    rows = sheet.rows if isinstance(sheet.rows, list | tuple) else None
    caption = sheet.caption or caption
    header_index = HEADER_ROW - 1
    ws.freeze_panes(HEADER_ROW, 0)
    _print_setup(ws, header_row=header_index, landscape=True, title=sheet.title)
    for index, column_width in enumerate(fitted_widths(sheet.headers, sheet.widths, rows or ())):
        ws.set_column_pixels(index, index, _column_pixels(column_width))
    # Row by row (a constant-memory sheet writes a row out when the next one starts):
    # each merge, then its first cell over it.
    for row, text, name, props in (
        (0, sheet.title, "title", _TITLE),
        (1, caption, "caption", _CAPTION),
    ):
        if columns > 1:
            ws.merge_range(row, 0, row, columns - 1, None, formats.get(name, props))
        _write_text(ws, row, 0, text, formats, name, props)
    for index, header in enumerate(sheet.headers):
        _write_text(ws, header_index, index, header, formats, "header", _HEADER)
    writer = _Rows(ws, width)
    styles = [_row_styles(formats)] * columns
    row = header_index
    for values in sheet.rows:
        row += 1
        writer.write(row, values, width, styles)
        on_row()
    count = row - header_index
    if width:
        ws.autofilter(header_index, 0, row, width - 1)
    if sheet.totals is not None:
        writer.write(row + 1, sheet.totals(), width, [_row_styles(formats, total=True)] * columns)
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
    wb = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            # Every text is a text: never a formula, a number or a link.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    formats = _Formats(wb)
    used: set[str] = set()
    written = 0

    def on_row() -> None:
        nonlocal written
        written += 1
        if on_progress is not None and written % every == 0:
            on_progress(written)

    try:
        if cover:
            write_cover(wb, formats, cover_title, cover, used)
        for sheet in sheets:
            write_sheet(wb, formats, sheet, used, on_row, caption)
        if not used:
            write_sheet(wb, formats, Sheet(title="-", headers=[], rows=[]), used, on_row)
    finally:
        wb.close()
    if on_progress is not None:
        on_progress(written)
    return written


def write_cover(
    wb: xlsxwriter.Workbook,
    formats: _Formats,
    title: str,
    lines: Sequence[tuple[object, object]],
    used: set[str],
) -> None:
    """The cover sheet of a return: a big title, then one line per item (a blank to sign)."""
    ws = wb.add_worksheet(sheet_title(_("Cover"), used), worksheet_class=_Worksheet)
    _print_setup(ws, header_row=None, landscape=False, title=title)
    for index, column_width in enumerate((22, 56)):
        ws.set_column_pixels(index, index, _column_pixels(column_width))
    ws.merge_range(0, 0, 0, 1, None, formats.get("cover-title", _COVER_TITLE))
    _write_text(ws, 0, 0, title, formats, "cover-title", _COVER_TITLE)
    writer = _Rows(ws, 2)
    styles = [_row_styles(formats, total=True), _row_styles(formats)]
    for index, line in enumerate(lines, start=2):
        writer.write(index, line, 2, styles)


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
