"""The demo school has a realistic share of struggling students, and a term of archives."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from archives.models import Observation, SupportCase
from school.models import Term
from students.models import Student

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_struggling_students_with_plans_and_archives_idempotently():
    call_command("seed_demo", "--quiet-logins", stdout=open("/dev/null", "w"))
    term = Term.objects.current()
    cases = SupportCase.objects.filter(term=term)
    share = cases.values("student").distinct().count() / Student.objects.in_school().count()
    assert 0.08 <= share <= 0.12
    assert cases.values("subject").distinct().count() >= 3
    assert cases.filter(cause_attitude=True).exists()
    assert cases.filter(cause_weak_foundation=True).exists()
    planned = cases.filter(goals__step=3).distinct()
    assert planned.count() > cases.count() / 2
    assert Observation.objects.filter(case__term=term).count() > cases.count() * 5
    # The demo teacher (maths, 三年级(1)班) has a lesson's worth of students to log.
    story = cases.open().filter(
        subject__code="maths",
        student__school_class__grade__level=3,
        student__school_class__number=1,
    )
    assert story.count() >= 5
    before = (cases.count(), Observation.objects.count())
    call_command("seed_demo", "--quiet-logins", stdout=open("/dev/null", "w"))
    assert (SupportCase.objects.filter(term=term).count(), Observation.objects.count()) == before
