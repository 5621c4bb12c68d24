"""Figures and sheets from the other apps' records (archives, family, homework, evaluations).

Each app is optional here: its part appears once its models exist. Every
query goes through the scope, and family details only to users whom
``scope.can_see_family`` allows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from school.plugins import Sheet
from school.scoping import Scope

from .filters import Filters


@dataclass
class CaseColumn:
    """An extra column of the struggling-student list, filled a batch of cases at a time."""

    header: Callable[[], str]
    values: Callable[[list[tuple]], dict]  # batch of CASE_FIELDS rows → {case id: value}
    width: int = 14


def case_columns() -> list[CaseColumn]:
    return []


def overview_rows(scope: Scope, filters: Filters) -> Iterator[tuple]:
    yield from ()


def sheets(scope: Scope, filters: Filters) -> list[Sheet]:
    return []


def dashboard_charts(scope: Scope, filters: Filters, drill: Callable[..., str]) -> list:
    """Charts and figures of the other apps' records for the dashboard."""
    return []
