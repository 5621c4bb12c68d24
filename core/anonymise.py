"""Helpers the apps' ``erasure.py`` plug-ins use to anonymise a student.

Generic on purpose (core imports no app's models): each helper takes a model and
a filter, and reaches the model's django-simple-history table too, so what a
form once saved does not survive in a ``Historical*`` row.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Replace

# What an erased student is called from then on (and what replaces their name in text).
ERASED_NAME = "已删除学生"
# What a required free-text field holds once erased.
ERASED_TEXT = "（已删除）"


def history_model(model: type[models.Model]) -> type[models.Model] | None:
    """The model's ``Historical*`` model, or None if it keeps no history."""
    manager = getattr(model, "history", None)
    return getattr(manager, "model", None) if manager is not None else None


def scrub(model: type[models.Model], where: Q, **values) -> int:
    """Set ``values`` on the rows matching ``where`` and on their history rows.

    ``where`` must use fields the history model has too (plain columns and
    ``<fk>_id``); ``update()`` skips history on purpose: erasing writes no new
    snapshot of what it erased.
    """
    changed = model._default_manager.filter(where).update(**values)
    historical = history_model(model)
    if historical is not None:
        # A change reason is free text too (a status change's note, say).
        changed += historical._default_manager.filter(where).update(
            **values, history_change_reason=None
        )
    return changed


def history_ids(model: type[models.Model], where: Q) -> list[int]:
    """Primary keys of ``model`` rows matching ``where``, live or only in the history.

    A deleted record lives on in its history table; its children's history still
    points at it.
    """
    ids = set(model._default_manager.filter(where).values_list("pk", flat=True))
    historical = history_model(model)
    if historical is not None:
        ids |= set(historical._default_manager.filter(where).values_list("id", flat=True))
    return sorted(ids)


def replace_text(
    model: type[models.Model], fields: list[str], old: str, new: str, where: Q | None = None
) -> int:
    """Replace ``old`` by ``new`` in the text ``fields`` of every row (and history row)."""
    if not old:
        return 0
    changed = 0
    targets = [model]
    historical = history_model(model)
    if historical is not None:
        targets.append(historical)
    for target in targets:
        for field in fields:
            qs = target._default_manager.filter(**{f"{field}__contains": old})
            if where is not None:
                qs = qs.filter(where)
            changed += qs.update(**{field: Replace(field, Value(old), Value(new))})
    return changed
