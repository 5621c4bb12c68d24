"""Moved to ``core.xlsx``; this alias serves branches written before the move.

Import from ``core.xlsx``. Remove this module once nothing imports it
(``grep -rn "school.xlsx"``).
"""

from core.xlsx import FORMULA_PREFIXES, safe_cell  # noqa: F401
