"""A case's and its goals' change history, as (field, before, after) rows for the case page."""

from __future__ import annotations

from django.utils.translation import gettext as _

CASE_FIELDS = [
    "status",
    "closure_reason",
    "cause_weak_foundation",
    "cause_attitude",
    "difficulty_type",
    "how_it_shows",
    "root_cause",
]
GOAL_FIELDS = ["description", "target", "due_on", "outcome", "outcome_note"]


def with_changes(records, model, fields: list[str], key: str) -> list:
    """Historical records, newest first, each with ``changes``: (field, before, after).

    Pairs each version with the previous one of the same object from the rows already
    fetched, so the page runs no query per record.
    """
    records = list(records)
    older: dict = {}
    for record in reversed(records):
        before = older.get(getattr(record, key))
        record.changes = []
        if before is not None:
            for name in fields:
                old, new = getattr(before, name), getattr(record, name)
                if old != new:
                    field = model._meta.get_field(name)
                    record.changes.append(
                        (field.verbose_name, _display(field, old), _display(field, new))
                    )
        older[getattr(record, key)] = record
    return records


def _display(field, value) -> str:
    if field.choices:
        return str(dict(field.flatchoices).get(value, value)) or "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value) if value not in (None, "") else "—"
