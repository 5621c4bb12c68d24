"""The one function every Excel export calls on every cell value.

openpyxl writes a string that starts with ``=`` as a live formula, and
spreadsheet programs also run ``+ - @`` and control-character prefixes (DDE
payloads). Text a user typed must stay text, so each export — the archive, the
support roster, homework load, inspection reports, the summary workbook —
passes its values through ``safe_cell``.
"""

from __future__ import annotations

import datetime
import decimal

from django.utils.functional import Promise

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
