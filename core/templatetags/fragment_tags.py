"""``{% keep_rendered "nav" scope.signature LANGUAGE_CODE %}…{% endkeep_rendered %}``.

A fragment that depends on nothing but the values named (the navigation menu: the user's
roles and the language) is rendered once per process and those values, then reused: the
menu is eight apps' templates and thirty ``{% url %}``s, a third of a small page's render.

Kept in the process (no cache round trip), at most ``MAX_KEPT`` fragments, the least
recently used forgotten first. A role change changes ``scope.signature``, so a new menu is
rendered; an empty or missing key part (an anonymous visitor) renders the fragment afresh.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from django import template
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe

register = template.Library()

MAX_KEPT = 4096
_kept: OrderedDict[tuple, str] = OrderedDict()
_lock = Lock()


def forget_all() -> None:
    with _lock:
        _kept.clear()


class KeepRenderedNode(template.Node):
    def __init__(self, nodelist: template.NodeList, parts: list[template.base.FilterExpression]):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context: template.Context) -> str:
        values = [part.resolve(context) for part in self.parts]
        if any(v is None or v == "" for v in values):
            return self.nodelist.render(context)
        key = (get_script_prefix(), *values)
        with _lock:
            html = _kept.get(key)
            if html is not None:
                _kept.move_to_end(key)
                return html
        html = mark_safe(self.nodelist.render(context))  # noqa: S308  (our template's output)
        with _lock:
            _kept[key] = html
            while len(_kept) > MAX_KEPT:
                _kept.popitem(last=False)
        return html


@register.tag
def keep_rendered(parser: template.base.Parser, token: template.base.Token) -> KeepRenderedNode:
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("keep_rendered needs at least one key part")
    nodelist = parser.parse(("endkeep_rendered",))
    parser.delete_first_token()
    return KeepRenderedNode(nodelist, [parser.compile_filter(bit) for bit in bits])
