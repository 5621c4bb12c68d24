"""The demo school shows lesson records with reflections, the grade leader's answer to the
over-limit day, a parents' notice link, and inspection figures that match a count by hand."""

from __future__ import annotations

from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse

from homework import evidence
from homework.models import (
    Assignment,
    LessonRecord,
    MarkingRecord,
    NoticeLink,
    OverLimitResponse,
)
from inspections.models import FollowUpItem, InspectionRound, RoundAssignment, SelfCheckScore
from school.models import Term, User
from students.models import Student


def test_the_demo_shows_the_governance_and_its_figures_add_up(db, client):
    call_command("seed_demo", "--quiet-logins")
    counts = (LessonRecord.objects.count(), OverLimitResponse.objects.count())
    call_command("seed_demo", "--quiet-logins")
    assert (LessonRecord.objects.count(), OverLimitResponse.objects.count()) == counts

    teacher = User.objects.get(username="teacher")
    term = Term.objects.current()
    lessons = LessonRecord.objects.filter(teacher=teacher)
    assert lessons.exists() and lessons.exclude(reflection="").exists()
    assert OverLimitResponse.objects.get().action == "ack"
    # The maths mid-term ran in two stages and left follow-ups done and not done.
    midterm = InspectionRound.objects.get(term=term, kind="midterm", subject__code="maths")
    assert midterm.two_stage and SelfCheckScore.objects.filter(round=midterm).exists()
    follow_ups = FollowUpItem.objects.filter(round=midterm)
    assert follow_ups.filter(done_at__isnull=True).exists()
    assert follow_ups.filter(done_at__isnull=False).exists()
    assert (
        RoundAssignment.objects.filter(round=midterm)
        .values("teacher")
        .annotate(n=Count("inspector"))
        .filter(n=2)
        .exists()
    )

    link = NoticeLink.objects.get()
    page = client.get(reverse("homework:public_notice", args=[link.token]))
    assert page.status_code == 200
    body = page.content.decode()
    names = Student.objects.filter(school_class=link.school_class).values_list("name", flat=True)
    assert not [n for n in names if n in body]

    # The inspection's figures for the demo maths teacher, against a count by hand.
    figures = {
        e.key: e
        for e in evidence.evidence(teacher=teacher, term=term, start=term.start, end=term.end)
    }
    mine = Assignment.objects.filter(set_by=teacher, term=term, withdrawn_at__isnull=True)
    after = [a for a in mine.filter(kind="written", phase="after").annotate(n=Count("tiers"))]
    tiered = figures["homework.tiered_share"]
    assert (tiered.numerator, tiered.denominator) == (
        sum(1 for a in after if a.n >= 2),
        len(after),
    )
    take_home = mine.filter(kind="written").exclude(phase="in")
    expected = sum(
        Student.objects.in_school().filter(school_class=a.school_class_id).count()
        for a in take_home
    )
    marks = MarkingRecord.objects.filter(assignment__in=take_home)
    collected = figures["homework.collected"]
    assert (collected.numerator, collected.denominator) == (
        marks.filter(submitted=True).count(),
        expected,
    )
    marked = figures["homework.marked"]
    assert marked.numerator == marks.filter(Q(submitted=True) & ~Q(quality="")).count()
    face = figures["homework.face_to_face"]
    assert face.numerator == marks.filter(submitted=True, face_to_face=True).count()
    all_marks = MarkingRecord.objects.filter(assignment__set_by=teacher, assignment__term=term)
    corrected = figures["homework.corrected"]
    assert (corrected.numerator, corrected.denominator) == (
        all_marks.exclude(mistakes="").filter(corrected=True).count(),
        all_marks.exclude(mistakes="").count(),
    )
    assert figures["lessons.prepared"].value == lessons.count()
    assert figures["lessons.reflections"].value == lessons.exclude(reflection="").count()
