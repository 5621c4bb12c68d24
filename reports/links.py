"""Links from figures to the lists behind them, with the filters as a query string."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse


def url_with(name: str, **params) -> str:
    """The URL of ``name`` with a query string (empty values left out)."""
    url = reverse(name)
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


def case_list_url(**params) -> str:
    """The list of support cases, filtered by ``params``."""
    return url_with("archives:case_list", **params)
