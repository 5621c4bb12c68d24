"""Pagination for every list: one page of the queryset, from ``?page=``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property


class _Paginator(Paginator):
    def __init__(self, object_list, per_page, counted: QuerySet | None = None) -> None:
        super().__init__(object_list, per_page)
        self.counted = counted

    @cached_property
    def count(self) -> int:
        if self.counted is not None:
            return self.counted.count()
        return Paginator.count.func(self)  # type: ignore[attr-defined]


def paginate(
    request: HttpRequest,
    queryset,
    per_page: int | None = None,
    *,
    counted: QuerySet | None = None,
    first: Callable[[int], list] | None = None,
    count: int | None = None,
) -> Page:
    """The requested page; a missing, bad or too-high ``?page=`` gives the first or last page.

    The first page of a queryset is read with one row more than it shows: when that row is
    not there, the list fits on one page and its length is the count, so the paginator's
    ``COUNT(*)`` (a query as costly to build as the page's own) is not run. Most lists
    opened are a teacher's own, shorter than a page. ``counted``: the same rows, cheaper to
    count (without the page's joins), when the list outgrows a page. ``first(n)``: the
    first ``n`` rows of the queryset read another way (for a plan the database would not
    find for the whole queryset). ``count``: the rows' number, when the caller has it.
    """
    paginator = _Paginator(queryset, per_page or settings.PAGE_SIZE, counted)
    if count is not None:
        paginator.count = count
    number = request.GET.get("page")
    if isinstance(queryset, QuerySet) and number in (None, "", "1"):
        n = paginator.per_page + 1
        rows = first(n) if first is not None else list(queryset[:n])
        if len(rows) <= paginator.per_page:
            paginator.count = len(rows)  # (a cached_property: set, it is not computed)
        return Page(rows[: paginator.per_page], 1, paginator)
    return paginator.get_page(number)


def first_rows_by(
    queryset: QuerySet, lookup: str, groups: Iterable[int], order: Sequence[str]
) -> Callable[[int], list]:
    """A ``first`` for ``paginate``: the first rows of ``queryset``, read group by group.

    For a list ordered first by a group (a grade) that the rows reach through a join: over
    every class of a big school the database sorts every row before the first one (the
    grade is on another table, no index serves the order), while within one group it
    walks the rows in order and stops at the page. ``groups`` are the group ids in the
    list's order, ``lookup`` the rows' path to them, ``order`` the rest of the list's order
    within a group. The same rows as ``queryset[:n]`` when the queryset is so ordered.
    """

    def first(n: int) -> list:
        rows: list = []
        for group in groups:
            rows += queryset.filter(**{lookup: group}).order_by(*order)[: n - len(rows)]
            if len(rows) >= n:
                break
        return rows

    return first
