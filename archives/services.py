"""Writes to progress archives: observations (one or a lesson's batch), tutoring,
discussions with their agreed actions, summaries; corrections, soft withdrawal and undo
(for family contacts too)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from school import dates
from school.models import User

from . import rules, watch
from .models import (
    AgreedAction,
    ArchiveSummary,
    CaseDiscussion,
    Correctable,
    Observation,
    TutoringSession,
    WatchNote,
)


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
) -> list[Observation | WatchNote]:
    """One lesson's notes on several students, all or nothing.

    rows: dicts with a case (an observation) or a watch (a watched student's note),
    a rating and a note (validated by the caller's form).
    """
    saved: list[Observation | WatchNote] = []
    for row in rows:
        rating, note = row.get("rating"), row.get("note", "")
        if row.get("watch") is not None:
            saved.append(
                watch.log_watch_note(
                    watch=row["watch"], by=by, date=date, kind=kind, rating=rating, note=note
                )
            )
        else:
            saved.append(
                log_observation(
                    case=row["case"], by=by, date=date, kind=kind, rating=rating, note=note
                )
            )
    return saved


def can_delete(observation: Observation, user: User) -> bool:
    return rules.can_correct_entry(user, observation)


DATE_FIELDS = {"date", "period_start", "period_end", "next_contact_on"}


def check_entry_dates(entry: Correctable) -> None:
    """The date rules of an archive entry, the same on correction as on creation."""
    term = entry.case.term  # type: ignore[attr-defined]
    dates.check_in_term(entry.date, term)  # type: ignore[attr-defined]
    if isinstance(entry, ArchiveSummary):
        dates.check_in_term(entry.period_start, term, field="period_start", not_after_today=False)
        dates.check_in_term(entry.period_end, term, field="period_end", not_after_today=False)


@transaction.atomic
def correct_entry(
    *,
    entry: Correctable,
    by: User,
    check_dates: Callable[[Correctable], None] = check_entry_dates,
    **changes,
) -> Correctable:
    """Correct an entry; its history keeps the version before, and it is marked corrected.

    ``participants`` (of a discussion) is set after the save; its author stays a participant.
    """
    rules.require_correct_entry(by, entry)
    if entry.is_deleted:
        raise ValidationError(_("Undo the withdrawal before correcting this entry."))
    many = {field.name for field in entry._meta.many_to_many}
    participants = changes.pop("participants") if "participants" in many else None
    changed = {field for field, value in changes.items() if getattr(entry, field) != value}
    for field in changed:
        setattr(entry, field, changes[field])
    if participants is not None:
        wanted = {p.pk for p in participants} | {entry.author_id_of_entry}
        if wanted != set(entry.participants.values_list("pk", flat=True)):  # type: ignore[attr-defined]
            changed.add("participants")
    if not changed:
        return entry
    # An old entry's text can be corrected; a date that changes must keep today's rules.
    if changed & DATE_FIELDS:
        check_dates(entry)
    entry.corrected_at = timezone.now()
    entry.full_clean()
    entry.save()
    if participants is not None:
        entry.participants.set(wanted)  # type: ignore[attr-defined]
    return entry


@transaction.atomic
def withdraw_entry(*, entry: Correctable, by: User) -> Correctable:
    """Withdraw (soft): it leaves timelines, counts, evidence and exports until restored."""
    rules.require_correct_entry(by, entry)
    entry.deleted_at = timezone.now()
    entry.deleted_by = by
    entry.save(update_fields=["deleted_at", "deleted_by"])
    return entry


@transaction.atomic
def restore_entry(*, entry: Correctable, by: User) -> Correctable:
    rules.require_correct_entry(by, entry)
    entry.deleted_at = None
    entry.deleted_by = None
    entry.save(update_fields=["deleted_at", "deleted_by"])
    return entry


def change_observation(*, observation: Observation, by: User, **changes) -> Correctable:
    return correct_entry(entry=observation, by=by, **changes)


def delete_observation(*, observation: Observation, by: User) -> Correctable:
    return withdraw_entry(entry=observation, by=by)


def restore_observation(*, observation: Observation, by: User) -> Correctable:
    return restore_entry(entry=observation, by=by)


@transaction.atomic
def add_tutoring(
    *,
    case,
    by: User,
    date: datetime.date,
    content: str,
    result: str = "",
    rating=None,
    minutes: int | None = None,
) -> TutoringSession:
    dates.check_in_term(date, case.term)
    session = TutoringSession(
        case=case,
        author=by,
        date=date,
        content=content,
        result=result,
        rating=rating,
        minutes=minutes,
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
            discussion__case=case,
            discussion__deleted_at__isnull=True,
            pk__in=reviews.keys(),
            review="",
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
