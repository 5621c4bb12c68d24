"""Excel output: the project's one formula-neutralising function when archives has it."""

from __future__ import annotations

try:
    from archives.xlsx import safe_cell
except ImportError:  # archives not there yet: the same rule, kept small
    FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")

    def safe_cell(value):
        """User text that a spreadsheet would run as a formula gets a leading '."""
        if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            return "'" + value
        return value


__all__ = ["safe_cell"]
