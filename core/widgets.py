"""Widgets rendered in Python, for lists whose filter forms grow with the school.

Django renders a ``<select>`` through a template, and each ``<option>`` through another:
a class filter of 40 classes costs more than the 50 rows of the list below it, and ten
times that at 400 classes (docs/performance.md). ``LeanSelect`` gives the same HTML
(the same choices, selection and attrs) from string formatting, without building
``get_context``'s dict of every option either (half of what was left). A model field's
choices are read with a plain fetch: ``ModelChoiceIterator`` reads them through
``QuerySet.iterator()``, a server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three
round trips for one query of a few dozen rows).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape, format_html, format_html_join
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
        # As ChoiceWidget.optgroups and select.html / select_option.html, without building
        # the context of each option (a dict of ten keys, attrs built per option).
        wanted = self.format_value(value)
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        has_selected = False
        parts = []
        for option_value, option_label in _choices(self.choices):
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, (list, tuple))
            choices: Iterable[tuple[Any, Any]] = (
                option_label if grouped else ((option_value, option_label),)
            )
            options = []
            for value_, label in choices:
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    value_
                ) in wanted
                has_selected |= selected
                options.append(
                    (_SELECTED if selected else _OPTION)
                    % (conditional_escape(value_), conditional_escape(label))
                )
            html = "".join(options)
            parts.append(
                f'<optgroup label="{conditional_escape(option_value)}">{html}</optgroup>'
                if grouped and option_value
                else html
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            attributes(attrs),
            mark_safe("".join(parts)),  # noqa: S308 (each value and label escaped above)
        )


def _choices(choices: Iterable[Any]) -> Iterable[Any]:
    """As iterating ``choices``; a model field's in one plain fetch (not ``iterator()``)."""
    if type(choices) is not ModelChoiceIterator:
        return choices
    field = choices.field
    fetched = [choices.choice(obj) for obj in choices.queryset.all()]
    return fetched if field.empty_label is None else [("", field.empty_label), *fetched]


_OPTION = '<option value="%s">%s</option>'
_SELECTED = '<option value="%s" selected>%s</option>'
