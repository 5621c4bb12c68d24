"""Text as each language writes it: lists joined with the locale's separator."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import pgettext


def list_separator() -> str:
    """ "、" in Chinese, ", " in English (a translation of the English separator)."""
    return pgettext("list separator", ", ")


def join_list(items: Iterable[object]) -> str:
    """``items`` as a list in the active language: 张三、李四 / Zhang San, Li Si."""
    return list_separator().join(str(item) for item in items)
