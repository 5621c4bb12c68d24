"""Sharing sessions (主题分享交流会 / 教研活动): recorded by their organiser."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from school import dates
from school.scoping import Scope

from .models import SharingSession


def can_edit(scope: Scope, session: SharingSession) -> bool:
    return scope.is_school_leader or session.organiser_id == getattr(scope.user, "pk", None)


@transaction.atomic
def save_session(
    *,
    scope: Scope,
    session: SharingSession | None = None,
    date: datetime.date,
    presenters: Iterable = (),
    attendees: Iterable = (),
    case_studies: Iterable = (),
    strategies: Iterable = (),
    **fields,
) -> SharingSession:
    if session is None:
        session = SharingSession(organiser=scope.user)
    elif not can_edit(scope, session):
        raise PermissionDenied
    dates.check_in_term(date, scope.term)
    session.date = date
    for key, value in fields.items():
        setattr(session, key, value)
    session.full_clean()
    session.save()
    session.presenters.set(list(presenters))
    session.attendees.set(list(attendees))
    session.case_studies.set(list(case_studies))
    session.strategies.set(list(strategies))
    return session
