"""Writes to progress archives: observations (one or a lesson's batch), tutoring,
discussions with their agreed actions, summaries; soft delete and undo."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from school import dates
from school.models import User

from .models import AgreedAction, ArchiveSummary, CaseDiscussion, Observation, TutoringSession


@transaction.atomic
def log_observation(
    *,
    case,
    by: User,
    date: datetime.date,
    kind: str,
    rating: int | None = None,
    score_percent=None,
    note: str = "",
) -> Observation:
    dates.check_in_term(date, case.term)
    obs = Observation(
        case=case,
        author=by,
        date=date,
        kind=kind,
        rating=rating,
        score_percent=score_percent,
        note=note,
    )
    obs.full_clean()
    obs.save()
    return obs


@transaction.atomic
def log_lesson(
    *, by: User, date: datetime.date, kind: str, rows: Iterable[dict]
) -> list[Observation]:
    """One lesson's observations of several students, all or nothing.

    rows: dicts with case, rating, note (validated by the caller's form).
    """
    return [
        log_observation(
            case=row["case"],
            by=by,
            date=date,
            kind=kind,
            rating=row.get("rating"),
            note=row.get("note", ""),
        )
        for row in rows
    ]


def can_delete(observation: Observation, user: User) -> bool:
    return observation.author_id == user.pk or user.is_school_leader


@transaction.atomic
def change_observation(*, observation: Observation, by: User, **changes) -> Observation:
    """Correct an observation; its history keeps the version before."""
    if not can_delete(observation, by):
        raise PermissionDenied
    for field, value in changes.items():
        setattr(observation, field, value)
    if "date" in changes:
        dates.check_in_term(observation.date, observation.case.term)
    observation.full_clean()
    observation.save()
    return observation


@transaction.atomic
def delete_observation(*, observation: Observation, by: User) -> Observation:
    if not can_delete(observation, by):
        raise PermissionDenied
    observation.deleted_at = timezone.now()
    observation.deleted_by = by
    observation.save(update_fields=["deleted_at", "deleted_by"])
    return observation


@transaction.atomic
def restore_observation(*, observation: Observation, by: User) -> Observation:
    if not can_delete(observation, by):
        raise PermissionDenied
    observation.deleted_at = None
    observation.deleted_by = None
    observation.save(update_fields=["deleted_at", "deleted_by"])
    return observation


@transaction.atomic
def add_tutoring(
    *, case, by: User, date: datetime.date, content: str, result: str = "", rating=None
) -> TutoringSession:
    dates.check_in_term(date, case.term)
    session = TutoringSession(
        case=case, author=by, date=date, content=content, result=result, rating=rating
    )
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def add_discussion(
    *,
    case,
    by: User,
    date: datetime.date,
    participants: Iterable[User],
    ideas: str,
    actions: Iterable[dict] = (),
    reviews: dict[int, tuple[str, str]] | None = None,
) -> CaseDiscussion:
    """A discussion, its new agreed actions, and its review of earlier open actions.

    reviews: action id → (review, note), for actions of earlier discussions of the case.
    """
    dates.check_in_term(date, case.term)
    actions = list(actions)
    for data in actions:
        try:
            dates.check_action_due(data.get("due_on"), date)
        except ValidationError as error:
            # The actions are rows under the discussion form: name the row.
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: _("Agreed action “%(action)s”: %(message)s")
                    % {
                        "action": data.get("description", ""),
                        "message": error.message_dict["due_on"][0],
                    }
                }
            ) from error
    discussion = CaseDiscussion(case=case, author=by, date=date, ideas=ideas)
    discussion.full_clean()
    discussion.save()
    discussion.participants.set({*participants, by})
    for data in actions:
        action = AgreedAction(discussion=discussion, **data)
        action.full_clean()
        action.save()
    if reviews:
        open_actions = AgreedAction.objects.filter(
            discussion__case=case, pk__in=reviews.keys(), review=""
        ).exclude(discussion=discussion)
        for action in open_actions:
            review, note = reviews[action.pk]
            if not review:
                continue
            action.review, action.review_note, action.reviewed_at = review, note, discussion
            action.full_clean()
            action.save()
    return discussion


@transaction.atomic
def add_summary(
    *,
    case,
    by: User,
    date: datetime.date,
    text: str,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> ArchiveSummary:
    dates.check_in_term(date, case.term)
    dates.check_in_term(period_start, case.term, field="period_start", not_after_today=False)
    dates.check_in_term(period_end, case.term, field="period_end", not_after_today=False)
    summary = ArchiveSummary(
        case=case,
        author=by,
        date=date,
        text=text,
        period_start=period_start,
        period_end=period_end,
    )
    summary.full_clean()
    summary.save()
    return summary
