"""The archive's and the support roster's workbooks, written by ``core.xlsx``."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse

from core.xlsx import Sheet, workbook_bytes, xlsx_response


def workbook(sheets: Iterable[tuple[str, list[str], Iterable[Iterable]]]) -> bytes:
    """Sheets of (title, headers, rows) as .xlsx bytes, in the house style."""
    return workbook_bytes(
        Sheet(title=title, headers=[str(h) for h in headers], rows=rows)
        for title, headers, rows in sheets
    )


def response(content: bytes, filename: str) -> HttpResponse:
    return xlsx_response(content, filename)
