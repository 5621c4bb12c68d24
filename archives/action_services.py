"""Agreed actions after their discussion: the owner marks one done with a one-line result."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from school import dates
from school.models import User, today
from school.scoping import Scope

from .models import AgreedAction
from .rules import can_change_case


def can_complete(scope: Scope, action: AgreedAction) -> bool:
    """Its owner, or whoever may change the case (the head teacher, the subject's teacher)."""
    return action.owner_id == getattr(scope.user, "pk", None) or can_change_case(
        scope, action.discussion.case
    )


@transaction.atomic
def complete_action(
    *,
    action: AgreedAction,
    scope: Scope,
    result: str = "",
    note: str = "",
    on: datetime.date | None = None,
) -> AgreedAction:
    """Mark the action done today (or ``on``): a second tap changes nothing.

    The result is one line; without one it reads "done". History keeps who and when.
    """
    if not can_complete(scope, action):
        raise PermissionDenied
    action = AgreedAction.objects.select_for_update().get(pk=action.pk)
    if action.done_on is not None:
        return action
    on = on or today()
    dates.check_not_after_today(on, field="done_on")
    dates.check_action_due(on, action.discussion.date, field="done_on")
    user: User = scope.user
    action.done_on, action.done_by = on, user
    action.result, action.result_note = result.strip()[:200], note.strip()[:500]
    action._change_reason = _("Marked done")  # type: ignore[attr-defined]
    action.full_clean()
    action.save()
    return action
