"""Excel output shared by the archive and roster exports.

openpyxl writes a string starting with ``=`` as a live formula, and spreadsheet
programs also run ``+ - @`` and control-character prefixes: every cell of user
text goes through ``safe_cell`` (one place, so no export forgets it).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """A value safe to write: text that a spreadsheet would run gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if value is None:
        return ""
    if isinstance(value, (int, float, datetime.date)):
        return value
    return str(value) if not isinstance(value, str) else value


def workbook(sheets: Iterable[tuple[str, list[str], Iterable[Iterable]]]) -> bytes:
    """Sheets of (title, headers, rows) as .xlsx bytes, written in write-only mode."""
    wb = Workbook(write_only=True)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        header_cells = []
        for h in headers:
            cell = WriteOnlyCell(ws, value=safe_cell(str(h)))
            cell.font = Font(bold=True)
            header_cells.append(cell)
        ws.append(header_cells)
        for row in rows:
            ws.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def response(content: bytes, filename: str) -> HttpResponse:
    resp = HttpResponse(content, content_type=XLSX_TYPE)
    resp["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp
