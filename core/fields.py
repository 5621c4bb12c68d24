"""Form fields for numbers as a Chinese teacher types them.

``９５``, ``95分``, ``95.5％``, ``95,5`` and ``30分钟`` all parse; ``NaN``,
infinity, NUL characters and values that do not fit the model column are form
errors, never exceptions.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Longest unit first, so 分钟 is not left as 钟.
UNITS = ("分钟", "min", "分", "%")


def normalize_number(value: object) -> object:
    """The text of a number with full-width forms, units and a decimal comma removed.

    Anything that is not a string is returned unchanged for the field to judge.
    """
    if not isinstance(value, str):
        return value
    # NFKC turns ０-９, ．, ，, ％ and full-width signs into their ASCII forms.
    text = unicodedata.normalize("NFKC", value).strip()
    if "\x00" in text:
        raise ValidationError(_("Null characters are not allowed."), code="null_characters")
    lowered = text.lower()
    for unit in UNITS:
        if lowered.endswith(unit):
            text = text[: -len(unit)].strip()
            break
    # One comma and no point: a decimal comma (95,5). Otherwise commas group thousands.
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    else:
        text = text.replace(",", "")
    return text


class ScoreField(forms.DecimalField):
    """A score or mark: lenient about how it is typed, strict about what it is.

    ``DecimalField`` already refuses NaN and infinity and checks ``max_digits`` and
    ``decimal_places``; give it those of the model column the value goes into.
    """

    # A text input with a decimal keypad: a number input would drop "95分" unseen.
    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Enter a number, e.g. 95 or 95.5."),
    }

    def __init__(self, *, max_digits: int = 6, decimal_places: int = 1, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def to_python(self, value):
        return super().to_python(normalize_number(value))

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal"}


class MinutesField(forms.IntegerField):
    """Whole minutes (or any small count), accepting ``３０``, ``30分钟`` and ``30.0``."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Enter a whole number of minutes, e.g. 30."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        # The widest PositiveSmallIntegerField keeps every value a database accepts.
        kwargs.setdefault("max_value", 32767)
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(normalize_number(value))

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric"}


def parse_score(
    text: str,
    *,
    max_value: Decimal | int | None,
    min_value: Decimal | int | None = 0,
    max_digits: int = 6,
    decimal_places: int = 1,
) -> Decimal | None:
    """A typed score, or None when blank; raises ValidationError with a message to show.

    For grids of inputs that are not form fields (one input per student or item).
    """
    field = ScoreField(
        max_digits=max_digits,
        decimal_places=decimal_places,
        max_value=max_value,
        min_value=min_value,
        required=False,
    )
    return field.clean(text)
