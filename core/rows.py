"""What a list's rows show, computed once per page rather than once per row and tag.

A ``{% url %}``, a ``|date`` or a ``{% blocktranslate count %}`` costs 25–30 µs in the
template, against 4 µs to print an attribute: on a list of 50 rows showing five of them
that was a third of the page (docs/performance.md). The views set these strings on the
rows and the templates print them: ``pk_url`` for the links, ``functools.cache`` around a
``date_format`` or an ``ngettext`` (kept literal there, for makemessages) for the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

_MARKER = 987654321


def pk_url(viewname: str) -> Callable[[int], str]:
    """``reverse(viewname, args=[pk])`` for any pk, at one ``reverse``'s cost.

    Only for a URL whose one argument is an ``<int:…>`` pk."""
    prefix, marker, suffix = reverse(viewname, args=[_MARKER]).rpartition(str(_MARKER))
    if not marker:  # (a converter that does not print the pk as it is)
        return lambda pk: reverse(viewname, args=[pk])
    return lambda pk: f"{prefix}{pk}{suffix}"
