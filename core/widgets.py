"""Widgets rendered in Python, for lists whose filter forms grow with the school.

Django renders a ``<select>`` through a template, and each ``<option>`` through another:
a class filter of 40 classes costs more than the 50 rows of the list below it, and ten
times that at 400 classes (docs/performance.md). ``LeanSelect`` gives the same HTML
from ``format_html``, with the same context (``get_context``: choices, selection, attrs).
"""

from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def attributes(attrs: dict) -> SafeString:
    """As django/forms/widgets/attrs.html: in order, False left out, True as a bare name."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )


class LeanSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((o["value"], attributes(o["attrs"]), o["label"]) for o in options),
            )
            parts.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, html)
                if group_name
                else html
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            attributes(widget["attrs"]),
            mark_safe("".join(parts)),  # noqa: S308 (each part escaped by format_html)
        )
