"""Readable change history (修改记录) from django-simple-history's tables.

Each version becomes a ``Change``: who, when, what (created, changed, removed) and
every changed field as *label: old → new*, in plain words: 是/否 for booleans, choice
labels for codes, names instead of ids for foreign keys, "—" for nothing, never "None".
Foreign keys are resolved a model at a time, so a page of any length runs a constant
number of queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.text import shown_text

# Never shown: bookkeeping, not what a person changed.
SKIPPED = {"id", "version", "created_at", "updated_at", "updated_by", "history_id"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    when: datetime.datetime
    who: str
    what: str  # "Created", "Changed", "Removed"
    subject: str  # what was changed: "学生", "监护人 奶奶 王桂英"
    kind: str  # the model's verbose name
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""
    key: tuple = ()  # (model label, history id): which version this is


def tracked_fields(model: type[models.Model], only: Sequence[str] | None = None) -> list:
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.name not in SKIPPED and not f.name.startswith("history_")
    ]
    # A field the history leaves out (``excluded_fields``, a derived column) has no past.
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    if attribute is not None:
        kept = {f.name for f in getattr(model, attribute).model._meta.concrete_fields}
        fields = [f for f in fields if f.name in kept]
    if only is not None:
        fields = [f for f in fields if f.name in only]
    return fields


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def shown(field, value, names: dict) -> str:
    """One value in plain words."""
    if value is None or value == "":
        return "—"
    if isinstance(field, models.ForeignKey):
        return names.get((field.related_model, value), "—")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    # A text the system seeded (a default checklist item, the policy's load limits) reads
    # in the reader's language, as on the pages (``<app>/seeded_texts.py``).
    return shown_text(value)


def _foreign_names(records: Sequence, fields: Iterable) -> dict:
    """(model, pk) → name for every foreign key in ``records``: one query per model."""
    wanted: dict = defaultdict(set)
    for f in fields:
        if isinstance(f, models.ForeignKey):
            for record in records:
                value = getattr(record, f.attname)
                if value is not None:
                    wanted[f.related_model].add(value)
    names = {}
    for model, ids in wanted.items():
        for obj in model._base_manager.filter(pk__in=ids):
            names[(model, obj.pk)] = str(obj)
    return names


def _who(record) -> str:
    user = record.history_user
    return str(user) if user is not None else _("the system")


def changes(
    records: Iterable,
    model: type[models.Model],
    *,
    only: Sequence[str] | None = None,
    subject=None,
) -> list[Change]:
    """The versions in ``records`` (of one model), newest first, as readable changes.

    ``subject(record)`` names what a version is about (default: the model's name).
    The first version of an object reads "created" with every field it was given; a
    version removing the object reads "removed".
    """
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    fields = tracked_fields(model, only)
    names = _foreign_names(records, fields)
    previous: dict = {}
    result = []
    kind = str(model._meta.verbose_name)
    for record in records:
        before = previous.get(record.id)
        about = subject(record) if subject else kind
        if record.history_type == "-":
            entry = Change(record.history_date, _who(record), _("Removed"), about, kind)
        elif before is None:
            entry = Change(record.history_date, _who(record), _("Created"), about, kind)
            for f in fields:
                value = getattr(record, f.attname)
                if value not in (None, "", False):
                    entry.changes.append(
                        FieldChange(str(f.verbose_name), "—", shown(f, value, names))
                    )
        else:
            entry = Change(record.history_date, _who(record), _("Changed"), about, kind)
            for f in fields:
                old, new = getattr(before, f.attname), getattr(record, f.attname)
                if old != new:
                    entry.changes.append(
                        FieldChange(str(f.verbose_name), shown(f, old, names), shown(f, new, names))
                    )
            if not entry.changes:
                previous[record.id] = record
                continue
        entry.reason = record.history_change_reason or ""
        entry.key = (model._meta.label, record.history_id)
        previous[record.id] = record
        result.append(entry)
    result.reverse()
    return result


def merged(*histories: list[Change]) -> list[Change]:
    """Several objects' changes as one list, newest first."""
    return sorted((c for h in histories for c in h), key=lambda c: c.when, reverse=True)


def seed_creation_entries(models_: Iterable[type[models.Model]]) -> int:
    """Give every object without a history row its creation entry (seeded in bulk, or
    created before history was kept); returns how many. Idempotent."""
    count = 0
    for model in models_:
        attribute = getattr(model._meta, "simple_history_manager_attribute", None)
        if attribute is None:
            continue  # not tracked by django-simple-history
        history = getattr(model, attribute)
        done = history.model.objects.values("id")
        missing = list(model._base_manager.exclude(pk__in=done))
        if missing:
            history.bulk_history_create(missing, default_change_reason=gettext_noop("seeded"))
            count += len(missing)
    return count
