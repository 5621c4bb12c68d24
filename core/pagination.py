"""Pagination for every list: one page of the queryset, from ``?page=``."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset, per_page: int | None = None) -> Page:
    """The requested page; a missing, bad or too-high ``?page=`` gives the first or last page."""
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))
