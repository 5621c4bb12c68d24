"""Numbers as a Chinese teacher types them parse; what a column cannot hold is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.fields import MinutesField, ScoreField


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("95", Decimal("95")),
        ("９５", Decimal("95")),
        ("９５．５", Decimal("95.5")),
        ("95.5分", Decimal("95.5")),
        ("95,5", Decimal("95.5")),
        ("95％", Decimal("95")),
        (" 60 % ", Decimal("60")),
    ],
)
def test_scores_typed_the_chinese_way_parse(typed, value):
    assert ScoreField(max_value=100).clean(typed) == value


@pytest.mark.parametrize(
    "typed", ["NaN", "nan", "Infinity", "-inf", "1e309", "a\x00b", "95.25", "-1", "101", "九十"]
)
def test_what_is_not_a_score_in_the_column_is_a_form_error(typed):
    with pytest.raises(ValidationError):
        ScoreField(max_value=100, max_digits=6, decimal_places=1).clean(typed)


@pytest.mark.parametrize(
    ("typed", "value"), [("３０", 30), ("30分钟", 30), ("30分", 30), ("30.0", 30)]
)
def test_minutes_typed_the_chinese_way_parse(typed, value):
    assert MinutesField(max_value=300).clean(typed) == value


@pytest.mark.parametrize("typed", ["NaN", "1e309", "30.5", "-5", "301", "99999999999999999999"])
def test_what_is_not_a_count_of_minutes_is_a_form_error(typed):
    with pytest.raises(ValidationError):
        MinutesField(max_value=300).clean(typed)
