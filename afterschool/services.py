"""Writes of the after-school service: groups, attendance, peer pairings and their sessions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
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


@transaction.atomic
def log_peer_session(
    *, pairing: PeerPairing, by: User, date: datetime.date, practised: str, result: str = ""
) -> PeerSession:
    dates.check_in_term(date, pairing.term)
    if date < pairing.starts_on:
        raise ValidationError(
            {"date": _("The pairing starts on %(day)s.") % {"day": pairing.starts_on.isoformat()}}
        )
    session = PeerSession(pairing=pairing, date=date, practised=practised, result=result, author=by)
    session.full_clean()
    session.save()
    return session
