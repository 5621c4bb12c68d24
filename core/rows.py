"""What a list's rows show, computed once per page rather than once per row and tag.

A ``{% url %}``, a ``|date`` or a ``{% blocktranslate count %}`` costs 25–30 µs in the
template, against 4 µs to print an attribute: on a list of 50 rows showing five of them
that was a third of the page (docs/performance.md). The views set these strings on the
rows and the templates print them: ``pk_url`` for the links, ``functools.cache`` around a
``date_format`` or an ``ngettext`` (kept literal there, for makemessages) for the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import get_script_prefix, reverse

_MARKER = 987654321987
_PARTS: dict[tuple[str, str], tuple[str, str] | None] = {}


def _parts(viewname: str) -> tuple[str, str] | None:
    """The URL of ``viewname`` around its pk, reversed once per name and script prefix."""
    key = (viewname, get_script_prefix())
    if key not in _PARTS:
        head, marker, tail = reverse(viewname, args=[_MARKER]).partition(str(_MARKER))
        # (None: a converter that does not print the pk as it is)
        _PARTS[key] = (head, tail) if marker and str(_MARKER) not in tail else None
    return _PARTS[key]


def pk_url(viewname: str) -> Callable[[int], str]:
    """``reverse(viewname, args=[pk])`` for any pk, at one ``reverse``'s cost.

    Only for a URL whose one argument is an ``<int:…>`` pk."""
    parts = _parts(viewname)
    if parts is None:
        return lambda pk: reverse(viewname, args=[pk])
    head, tail = parts
    return lambda pk: f"{head}{int(pk)}{tail}"
