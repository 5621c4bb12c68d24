"""Django's own form messages read as plain Chinese; no constraint name reaches a user."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, Q
from django.utils import translation


class NoteForm(forms.Form):
    note = forms.CharField(max_length=500)
    code = forms.CharField(min_length=4)
    day = forms.DateField()
    count = forms.IntegerField(max_value=10)


def errors(data: dict) -> dict:
    with translation.override("zh-hans"):
        form = NoteForm(data)
        form.is_valid()
        return {field: list(messages) for field, messages in form.errors.items()}


def test_length_messages_say_how_many_characters_are_allowed():
    found = errors({"note": "字" * 501, "code": "ab", "day": "2026-09-01", "count": 1})
    assert found["note"] == ["最多 500 字（现在 501 字）。"]
    assert found["code"] == ["至少 4 字（现在 2 字）。"]


def test_required_invalid_and_range_messages_are_plain():
    found = errors({"day": "明天", "count": 11})
    assert found["note"] == ["必填。"]
    assert found["day"] == ["请输入有效的日期，如 2026-09-01。"]
    assert found["count"] == ["不能大于 10。"]


def test_a_constraint_without_its_own_message_does_not_show_its_name():
    constraint = CheckConstraint(condition=Q(minutes__gte=0), name="homework_minutes_gte_0")
    with translation.override("zh-hans"):
        message = ValidationError(
            constraint.get_violation_error_message(), code="constraint"
        ).messages[0]
    assert "homework_minutes_gte_0" not in message
    assert message == "填写的内容不符合规则，请检查后再试。"
