"""The demo holds no record dated after its today, and each record lies within its term."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import F, Q

from archives.models import (
    ArchiveSummary,
    CaseDiscussion,
    CaseStatusChange,
    Observation,
    SupportCase,
    TutoringSession,
)
from evaluations.models import Evaluation
from family.models import FamilyContact
from homework.models import MarkingRecord
from school.models import today

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("school_today", ["2026-09-03 04:00", "2026-11-29 04:00"])
def test_demo_has_nothing_after_today_and_nothing_outside_the_term(time_machine, school_today):
    time_machine.move_to(school_today)
    call_command("seed_demo", "--quiet-logins")
    now = today()
    outside_term = Q(date__lt=F("case__term__start")) | Q(date__gt=F("case__term__end"))
    for model in (Observation, TutoringSession, CaseDiscussion, ArchiveSummary):
        assert not model.objects.filter(date__gt=now).exists(), model
        assert not model.objects.filter(outside_term).exists(), model
    assert Observation.objects.exists()
    assert not Evaluation.objects.filter(date__gt=now).exists()
    assert not Evaluation.objects.filter(
        Q(date__lt=F("term__start")) | Q(date__gt=F("term__end"))
    ).exists()
    assert not FamilyContact.objects.filter(date__gt=now).exists()
    assert not MarkingRecord.objects.filter(assignment__date__gt=now).exists()
    assert not SupportCase.objects.filter(
        Q(identified_on__lt=F("term__start")) | Q(identified_on__gt=F("term__end"))
    ).exists()
    assert not CaseStatusChange.objects.filter(
        Q(changed_on__gt=now) | Q(changed_on__lt=F("case__identified_on"))
    ).exists()
