"""Writes of family data: each a small transaction that validates before it saves."""

from __future__ import annotations

import datetime
from typing import cast

from django.db import transaction

from archives import services as archive_services
from core.locking import check_version
from school import dates
from school.models import Term

from .models import FamilyContact, FamilyProfile, Guardian, ParentSession, SessionAttendance

CONTACT_FIELDS = (
    "date",
    "channel",
    "participants",
    "summary",
    "family_actions",
    "school_actions",
    "next_contact_on",
    "restricted",
)


@transaction.atomic
def save_family_profile(
    *,
    profile: FamilyProfile,
    guardians: list[Guardian],
    removed: list[Guardian],
    user,
    version: int | None = None,
) -> FamilyProfile:
    """Save the family situation; refused over a save newer than ``version`` (the page's)."""
    check_version(profile, version, saved_by_field="updated_by")
    profile.updated_by = user
    profile.full_clean()
    profile.save()
    for guardian in removed:
        if guardian.pk and guardian.profile_id == profile.pk:
            guardian.delete()
    for guardian in guardians:
        guardian.profile = profile
        guardian.full_clean()
        guardian.save()
    return profile


def check_contact_dates(
    *, date: datetime.date | None, next_contact_on: datetime.date | None = None
) -> None:
    """A contact lies in the current term and not after today; the next one comes later."""
    dates.check_in_term(date, Term.objects.current())
    dates.check_next_contact(next_contact_on, date)


@transaction.atomic
def record_contact(*, student, user, **fields) -> FamilyContact:
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown contact fields: {sorted(unknown)}")
    contact = FamilyContact(student=student, recorded_by=user, **fields)
    check_contact_dates(date=contact.date, next_contact_on=contact.next_contact_on)
    contact.full_clean()
    contact.save()
    return contact


def _check_contact(contact) -> None:
    check_contact_dates(date=contact.date, next_contact_on=contact.next_contact_on)


def correct_contact(*, contact: FamilyContact, by, **fields) -> FamilyContact:
    """Correct a contact (its recorder or a school leader); the history keeps the version before."""
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown contact fields: {sorted(unknown)}")
    corrected = archive_services.correct_entry(
        entry=contact, by=by, check_dates=_check_contact, **fields
    )
    return cast(FamilyContact, corrected)


def withdraw_contact(*, contact: FamilyContact, by) -> FamilyContact:
    return cast(FamilyContact, archive_services.withdraw_entry(entry=contact, by=by))


def restore_contact(*, contact: FamilyContact, by) -> FamilyContact:
    return cast(FamilyContact, archive_services.restore_entry(entry=contact, by=by))


@transaction.atomic
def send_progress_letter(
    *, student, user, text: str, channel: str, date: datetime.date
) -> FamilyContact:
    """Keep the letter as sent (the teacher copies it into the messaging app) in the contact log."""
    contact = FamilyContact(
        student=student,
        recorded_by=user,
        date=date,
        channel=channel,
        summary=text.strip(),
        is_progress_letter=True,
    )
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def save_session(*, session: ParentSession, user) -> ParentSession:
    if not session.pk:
        session.created_by = user
    # A session may be planned ahead: within its term, a future date allowed.
    dates.check_in_term(session.date, session.term, not_after_today=False)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def record_attendance(
    *, session: ParentSession, user, students: list, attended_ids: set[int]
) -> int:
    """Set attendance for these students (those in ``attended_ids`` came); returns the count.

    Refused before the session has taken place.
    """
    dates.check_held(session.date)
    existing = {
        a.student_id: a
        for a in SessionAttendance.objects.filter(session=session, student__in=students)
    }
    new, changed = [], []
    for student in students:
        came = student.pk in attended_ids
        row = existing.get(student.pk)
        if row is None:
            new.append(
                SessionAttendance(session=session, student=student, attended=came, recorded_by=user)
            )
        elif row.attended != came:
            row.attended = came
            row.recorded_by = user
            changed.append(row)
    SessionAttendance.objects.bulk_create(new)
    SessionAttendance.objects.bulk_update(changed, ["attended", "recorded_by"])
    return len(students)
