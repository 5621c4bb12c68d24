"""A choice's label, without Django's cost per call.

``instance.get_FOO_display()`` hashes every choice of the field on each call (translating
each lazy label to do so): on a list of 50 rows showing two or three such labels that was
a tenth of the page (docs/performance.md). ``choice_label`` builds the value → label table
once per field and language.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import get_language

_TABLES: dict[tuple[type, str, str | None], dict[Any, str]] = {}


def choice_label(instance: models.Model, field_name: str) -> str:
    """As ``instance.get_<field_name>_display()``: the label, or the value if not a choice."""
    key = (type(instance), field_name, get_language())
    table = _TABLES.get(key)
    if table is None:
        field = instance._meta.get_field(field_name)
        table = {value: str(label) for value, label in field.flatchoices}  # type: ignore[union-attr]
        _TABLES[key] = table
    value = getattr(instance, field_name)
    try:
        return table.get(value, value)
    except TypeError:  # an unhashable value: as Django, shown as it is
        return value
