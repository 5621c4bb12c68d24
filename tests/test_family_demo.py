"""The demo's family data: seed 003's families, a term of contacts with some overdue, sessions."""

from __future__ import annotations

import time

from django.core.management import call_command

from family import selectors
from family.models import FamilyContact, FamilyProfile, ParentSession, SessionAttendance
from school.models import Term, User, today
from students.models import Student


def _counts():
    return (
        FamilyProfile.objects.count(),
        FamilyContact.objects.count(),
        ParentSession.objects.count(),
        SessionAttendance.objects.count(),
    )


def test_demo_family_data_is_realistic_idempotent_and_fast(db):
    call_command("seed_demo", "--quiet-logins")
    first = _counts()
    assert all(first)
    assert FamilyProfile.objects.filter(
        left_behind=True, primary_caregiver=FamilyProfile.Caregiver.GRANDPARENTS
    ).exists()
    term = Term.objects.current()
    head = User.objects.get(username="headteacher")
    story = Student.objects.filter(school_class__headships__teacher=head)
    assert selectors.overdue(story, term, today()).exists()
    assert selectors.with_visit_status(story, term).filter(term_visits__gt=0).exists()
    assert SessionAttendance.objects.filter(attended=True).exists()
    assert SessionAttendance.objects.filter(attended=False).exists()

    started = time.monotonic()
    call_command("seed_demo", "--quiet-logins")
    assert _counts() == first
    assert time.monotonic() - started < 30
