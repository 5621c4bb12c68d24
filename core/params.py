"""Ids typed in an address (``?grade=3``): a row's pk, or nothing.

``"9" * 10000`` is digits too: ``int()`` refuses it (Python's 4,300-digit limit) and a
20-digit number overflows the database's integer. Both are no such row, never a 500.
"""

from __future__ import annotations

MAX_DIGITS = 18  # (any pk fits a PostgreSQL bigint, 9.2e18)


def query_id(value: object) -> int | None:
    """``value`` as a pk when it is one (digits only, short enough), else None."""
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) <= MAX_DIGITS else None
