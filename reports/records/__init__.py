"""Sheets and figures from the other apps' records, one module per app.

Each query goes through the scope. Family details (the contact log, when the
next contact is due) reach only users whom ``scope.can_see_family`` allows: the
class's head teacher, academic directors and school leaders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import pgettext

CHUNK = 2000


@dataclass
class CaseColumn:
    """An extra column of the struggling-student list, filled a batch of cases at a time."""

    header: Callable[[], str]
    values: Callable[[list[tuple]], dict]  # batch of sheets.CASE_FIELDS rows → {case id: value}
    width: int = 14


def user_name(full_name: str | None, username: str | None) -> str:
    return full_name or username or ""


def yes_no(value: bool) -> str:
    return pgettext("report", "Yes") if value else pgettext("report", "No")
