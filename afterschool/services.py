"""Writes of the after-school service: groups, attendance, peer pairings and their sessions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from school import dates
from school.models import Term, User

from .models import AfterSchoolGroup, Attendance, GroupSession, PeerPairing, PeerSession


@transaction.atomic
def save_group(
    *, group: AfterSchoolGroup | None, term: Term, members: Iterable, **fields
) -> AfterSchoolGroup:
    group = group or AfterSchoolGroup(term=term)
    for name, value in fields.items():
        setattr(group, name, value)
    group.weekdays = sorted({int(d) for d in group.weekdays})
    group.full_clean()
    group.save()
    group.members.set(list(members))
    return group


@transaction.atomic
def take_attendance(
    *,
    group: AfterSchoolGroup,
    by: User,
    date: datetime.date,
    present: set[int],
    homework_done: set[int],
    note: str = "",
) -> GroupSession:
    """The session of ``date``, made or corrected: each member present or not, and whether
    their written homework was finished in school (which means they were there)."""
    dates.check_in_term(date, group.term)
    members = {s.pk: s for s in group.members.all()}
    unknown = (present | homework_done) - set(members)
    if unknown:
        raise ValidationError(_("Only the group's members can be marked."))
    session = GroupSession.objects.filter(group=group, date=date).first()
    if session is None:
        session = GroupSession(group=group, date=date, taken_by=by)
    session.note = note
    session.full_clean()
    session.save()
    existing = {a.student_id: a for a in session.attendance.all()}
    for pk, student in members.items():
        done = pk in homework_done
        here = pk in present or done
        row = existing.get(pk) or Attendance(session=session, student=student)
        if row.pk and (row.present, row.homework_done) == (here, done):
            continue
        row.present, row.homework_done = here, done
        row.full_clean()
        row.save()
    return session


@transaction.atomic
def save_pairing(*, pairing: PeerPairing | None, term: Term, **fields) -> PeerPairing:
    pairing = pairing or PeerPairing(term=term)
    for name, value in fields.items():
        setattr(pairing, name, value)
    dates.check_in_term(pairing.starts_on, term, field="starts_on", not_after_today=False)
    pairing.full_clean()
    pairing.save()
    return pairing


def _check_session_date(pairing: PeerPairing, date: datetime.date) -> None:
    """Within the term, not after today, and while the pairing runs."""
    dates.check_in_term(date, pairing.term)
    if date < pairing.starts_on:
        raise ValidationError(
            {"date": _("The pairing starts on %(day)s.") % {"day": pairing.starts_on.isoformat()}}
        )
    if pairing.ends_on is not None and date > pairing.ends_on:
        raise ValidationError(
            {"date": _("The pairing ended on %(day)s.") % {"day": pairing.ends_on.isoformat()}}
        )


def _refuse_withdrawn(record) -> None:
    if record.is_withdrawn:
        raise ValidationError(_("This record was withdrawn; it can no longer be changed."))


@transaction.atomic
def log_peer_session(
    *,
    pairing: PeerPairing,
    by: User,
    date: datetime.date,
    practised: str,
    result: str = "",
    minutes: int | None = None,
) -> PeerSession:
    _refuse_withdrawn(pairing)
    _check_session_date(pairing, date)
    session = PeerSession(
        pairing=pairing, date=date, practised=practised, result=result, minutes=minutes, author=by
    )
    session.full_clean()
    session.save()
    return session


PAIRING_FIELDS = ("subject", "starts_on", "sessions_per_week", "teacher", "ends_on")
SESSION_FIELDS = ("date", "practised", "result", "minutes")


@transaction.atomic
def correct_pairing(*, pairing: PeerPairing, by: User, **changes) -> PeerPairing:
    """Correct a pairing's subject, start, weekly plan or teacher, or end it (``ends_on``).

    Its history keeps who changed what, and when. Posting the same values again changes
    nothing. The start cannot move past a session, nor the end before one.
    """
    pairing = PeerPairing.objects.select_for_update().get(pk=pairing.pk)
    _refuse_withdrawn(pairing)
    changed = {f for f in PAIRING_FIELDS if f in changes and getattr(pairing, f) != changes[f]}
    if not changed:
        return pairing
    for f in changed:
        setattr(pairing, f, changes[f])
    term = pairing.term
    if "starts_on" in changed:
        dates.check_in_term(pairing.starts_on, term, field="starts_on", not_after_today=False)
    if "ends_on" in changed and pairing.ends_on is not None:
        dates.check_in_term(pairing.ends_on, term, field="ends_on")
        if pairing.ends_on < pairing.starts_on:
            raise ValidationError({"ends_on": _("A pairing ends on or after the day it starts.")})
    span = pairing.sessions.alive().aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is not None and pairing.starts_on > span["first"]:
        raise ValidationError(
            {
                "starts_on": _("A session was logged on %(day)s: start on that day or before.")
                % {"day": span["first"].isoformat()}
            }
        )
    if pairing.ends_on is not None and span["last"] is not None and pairing.ends_on < span["last"]:
        raise ValidationError(
            {
                "ends_on": _("A session was logged on %(day)s: end on that day or after.")
                % {"day": span["last"].isoformat()}
            }
        )
    pairing.is_active = pairing.ends_on is None
    pairing.corrected_at = timezone.now()
    pairing.full_clean()
    pairing.save()
    return pairing


def _withdraw(record, *, by: User, reason: str):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it is withdrawn.")})
    if record.is_withdrawn:
        return record  # withdrawn already (a second tap): nothing more
    record.deleted_at = timezone.now()
    record.deleted_by = by
    record.withdraw_reason = reason
    record._change_reason = reason[:100]
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def withdraw_pairing(*, pairing: PeerPairing, by: User, reason: str) -> PeerPairing:
    """Withdraw a pairing entered by mistake: it and its sessions stop counting and showing;
    the history keeps them."""
    pairing = PeerPairing.objects.select_for_update().get(pk=pairing.pk)
    return _withdraw(pairing, by=by, reason=reason)


@transaction.atomic
def correct_peer_session(*, session: PeerSession, by: User, **changes) -> PeerSession:
    session = (
        PeerSession.objects.select_for_update().select_related("pairing__term").get(pk=session.pk)
    )
    _refuse_withdrawn(session)
    _refuse_withdrawn(session.pairing)
    changed = {f for f in SESSION_FIELDS if f in changes and getattr(session, f) != changes[f]}
    if not changed:
        return session
    for f in changed:
        setattr(session, f, changes[f])
    if "date" in changed:
        _check_session_date(session.pairing, session.date)
    session.corrected_at = timezone.now()
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def withdraw_peer_session(*, session: PeerSession, by: User, reason: str) -> PeerSession:
    session = PeerSession.objects.select_for_update().get(pk=session.pk)
    return _withdraw(session, by=by, reason=reason)
