"""Change history as (field, before, after) rows: a case and its goals on the case page,
and one page for any correctable entry (observation, tutoring, discussion, summary,
family contact)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ENTRY_HISTORY_SHOWN = 100

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


def _action(record, before) -> str:
    if before is None:
        return str(gettext_lazy("Created"))
    if record.deleted_at and not before.deleted_at:
        return str(gettext_lazy("Withdrawn"))
    if before.deleted_at and not record.deleted_at:
        return str(gettext_lazy("Restored"))
    return str(gettext_lazy("Corrected"))


def entry_versions(entry, fields: list[str]) -> list:
    """An entry's versions, newest first, each with ``changes`` and ``action``
    (created, corrected, withdrawn, restored); two queries whatever their number."""
    records = list(
        entry.history.select_related("history_user").order_by("-history_date", "-history_id")[
            :ENTRY_HISTORY_SHOWN
        ]
    )
    records = with_changes(records, type(entry), fields, "id")
    previous = None
    for record in reversed(records):
        record.action = _action(record, previous)
        previous = record
    return records


def history_page(
    request: HttpRequest, *, entry, fields: list[str], title, back: str, back_label: str
) -> HttpResponse:
    """The one history page of every kind of entry (views of any app render it)."""
    return render(
        request,
        "archives/entry_history.html",
        {
            "entry": entry,
            "versions": entry_versions(entry, fields),
            "title": title,
            "back": back,
            "back_label": back_label,
        },
    )
