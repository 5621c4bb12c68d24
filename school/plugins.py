"""Moved to ``core.plugins``; this alias serves branches written before the move.

Import from ``core.plugins``. Remove this module once nothing imports it
(``grep -rn "school.plugins"``).
"""

from core.plugins import *  # noqa: F403
from core.plugins import app_modules, collect  # noqa: F401
