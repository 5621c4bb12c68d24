"""Optimistic locking: refuse a save made on a page older than the last save.

Two people may edit the same thing at once (an inspection, a support plan, a family
profile, an evaluation grid). The page carries the version it was opened with in a
hidden field; the service checks it against the row, inside its transaction, before
saving, and moves the version on. A save from an older page is refused with the name
of whoever saved last, so nobody silently overwrites a colleague.

    # the model
    version = version_field()
    # the form
    class ProfileForm(VersionedFormMixin, forms.ModelForm): ...
    # the service (inside @transaction.atomic, before save())
    check_version(profile, version, saved_by_field="updated_by")
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

__all__ = [
    "VersionedFormMixin",
    "check_version",
    "last_saved_by",
    "posted_version",
    "version_field",
]


def version_field() -> models.PositiveIntegerField:
    """The version column: 0 until first saved through a guarded form, then 1, 2, …"""
    return models.PositiveIntegerField(_("version"), default=0, editable=False)


def hidden_version_field() -> forms.IntegerField:
    # Not required: a post without it (a script, a page opened before this release) is
    # saved unchecked; every guarded page sends it.
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


class VersionedFormMixin(forms.BaseForm):
    """A hidden ``version`` field holding the version the page was opened with.

    Pass ``version=`` (or, on a ModelForm, let it read ``instance.<version_attr>``).
    Read the posted value with ``form.cleaned_data["version"]``.
    """

    version_attr = "version"

    def __init__(self, *args: Any, version: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if version is None:
            instance = getattr(self, "instance", None)
            version = getattr(instance, self.version_attr, 0) if instance is not None else 0
        self.fields["version"] = hidden_version_field()
        self.initial["version"] = version


def posted_version(value: str | None) -> int | None:
    """The version a hand-built form posted (``<input type=hidden name=version>``); None
    when missing or not a whole number."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def last_saved_by(obj: models.Model, *, saved_by_field: str | None = None) -> str:
    """The name of whoever saved ``obj`` last: its ``saved_by_field`` user, else its history."""
    model = type(obj)
    user = None
    if saved_by_field:
        user_id = (
            model._base_manager.filter(pk=obj.pk)
            .values_list(f"{saved_by_field}_id", flat=True)
            .first()
        )
        if user_id is not None:
            user = (
                model._meta.get_field(saved_by_field)
                .related_model._base_manager.filter(  # type: ignore[union-attr]
                    pk=user_id
                )
                .first()
            )
    elif hasattr(obj, "history"):
        record = obj.history.order_by("-history_date", "-history_id").first()
        user = getattr(record, "history_user", None)
    return str(user) if user is not None else gettext("someone else")


def check_version(
    obj: models.Model,
    posted_version: int | None,
    *,
    field: str = "version",
    saved_by_field: str | None = None,
) -> None:
    """Refuse to save ``obj`` over a save newer than ``posted_version``; else move it on.

    Call inside the service's transaction, before ``obj.save()``: the row is locked, its
    stored version compared with the posted one, and ``obj.<field>`` set to the next
    version. ``posted_version`` None skips the comparison (nothing to compare with).
    Raises ``ValidationError`` "已被{name}修改，请刷新后再保存" (code ``stale``).
    """
    current = None
    if obj.pk is not None:
        current = (
            type(obj)
            ._base_manager.select_for_update()
            .filter(pk=obj.pk)
            .values_list(field, flat=True)
            .first()
        )
    if current is not None and posted_version is not None and posted_version != current:
        name = last_saved_by(obj, saved_by_field=saved_by_field)
        raise ValidationError(
            gettext("Changed by %(name)s since you opened this page; reload it before saving.")
            % {"name": name},
            code="stale",
        )
    setattr(obj, field, (current or 0) + 1)
