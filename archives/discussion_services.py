"""Correcting a discussion together with its agreed actions."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from school import dates
from school.models import User

from .models import AgreedAction, CaseDiscussion
from .services import correct_entry

ACTION_FIELDS = ("description", "owner", "due_on")


@transaction.atomic
def correct_discussion(
    *,
    entry: CaseDiscussion,
    by: User,
    actions: dict[int, dict] | None = None,
    **changes,
) -> CaseDiscussion:
    """Correct a discussion and its agreed actions (action id → description, owner, due_on).

    Each action is due on or after the (corrected) discussion date; the actions' history
    keeps the version before, and a changed action marks the discussion corrected.
    """
    discussion = correct_entry(entry=entry, by=by, **changes)
    assert isinstance(discussion, CaseDiscussion)
    wanted = actions or {}
    changed = []
    for action in AgreedAction.objects.filter(discussion=discussion).order_by("pk"):
        data = wanted.get(action.pk, {})
        for field in ACTION_FIELDS:
            if field in data and getattr(action, field) != data[field]:
                setattr(action, field, data[field])
                if action not in changed:
                    changed.append(action)
        try:
            dates.check_action_due(action.due_on, discussion.date)
        except ValidationError as error:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: _("Agreed action “%(action)s”: %(message)s")
                    % {"action": action.description, "message": error.message_dict["due_on"][0]}
                }
            ) from error
    for action in changed:
        action._change_reason = _("Corrected with the discussion")  # type: ignore[attr-defined]
        action.full_clean()
        action.save()
    if changed:
        discussion.corrected_at = timezone.now()
        discussion.save(update_fields=["corrected_at"])
    return discussion
