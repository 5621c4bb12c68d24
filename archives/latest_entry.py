"""Keep ``SupportCase.latest_entry_on`` true: every save or delete of an entry refreshes it.

Signals rather than each service, so that every writer is covered: the services (create,
correct, withdraw, restore of each kind), the admin, erasure and cascades. Bulk writers
(``bulk_create``, the bench's ``COPY``) call ``refresh_latest_entries`` themselves.

The refresh runs at once (the same transaction, and the request, see it) and again after
the commit: two teachers writing to one archive at once each commit before the second
refresh starts, so the later refresh sees both entries.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .models.cases import ENTRY_MODELS, refresh_latest_entries


def _refresh(sender, instance, **kwargs) -> None:
    case_id = getattr(instance, "case_id", None)
    if case_id is None:
        return
    refresh_latest_entries([case_id])
    transaction.on_commit(partial(refresh_latest_entries, [case_id]))


def connect() -> None:
    for model in ENTRY_MODELS:
        post_save.connect(_refresh, sender=model, dispatch_uid=f"latest_entry_save_{model}")
        post_delete.connect(_refresh, sender=model, dispatch_uid=f"latest_entry_del_{model}")
