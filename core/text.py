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


def seeded_texts() -> dict[str, object]:
    """Texts the system seeded in the school's language (default checklist items, the
    policy's load limits, the strategy library…) → their English msgid, lazily
    translated: each app lists its own in ``<app>/seeded_texts.py`` (``TEXTS``)."""
    global _SEEDED
    if _SEEDED is None:
        from core.plugins import app_modules

        found: dict[str, object] = {}
        for _name, module in app_modules("seeded_texts"):
            found.update(getattr(module, "TEXTS", {}))
        _SEEDED = found
    return _SEEDED


_SEEDED: dict[str, object] | None = None


def shown_text(value: object) -> str:
    """A stored text in the reader's language when the system seeded it and nobody has
    changed it since; what a person wrote (or changed) as it is."""
    text = "" if value is None else str(value)
    return str(seeded_texts().get(text, text))
