"""Pagination for every list: one page of the queryset, from ``?page=``."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset, per_page: int | None = None) -> Page:
    """The requested page; a missing, bad or too-high ``?page=`` gives the first or last page.

    The first page of a queryset is read with one row more than it shows: when that row is
    not there, the list fits on one page and its length is the count, so the paginator's
    ``COUNT(*)`` (a query as costly to build as the page's own) is not run. Most lists
    opened are a teacher's own, shorter than a page.
    """
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    number = request.GET.get("page")
    if isinstance(queryset, QuerySet) and number in (None, "", "1"):
        rows = list(queryset[: paginator.per_page + 1])
        if len(rows) <= paginator.per_page:
            paginator.count = len(rows)  # (a cached_property: set, it is not computed)
        return Page(rows[: paginator.per_page], 1, paginator)
    return paginator.get_page(number)
