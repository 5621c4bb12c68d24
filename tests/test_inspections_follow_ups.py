"""Problems found become follow-up items with an owner and a due date; the teacher sees
them on the dashboard once the round is finalized; the next round shows done or not done."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections import services
from inspections.models import FollowUpItem, InspectionRound

from .factories.school import UserFactory


@pytest.fixture
def rounds(school):
    inspector = UserFactory(username="bb", full_name="骨干教师")
    midterm = services.create_round(
        term=school.term,
        kind="midterm",
        subject=school.chinese,
        due=datetime.date(2026, 11, 12),
        inspectors=[inspector],
        teachers=[school.head],
        user=school.director,
    )
    return midterm, inspector


def add(client, r, teacher, **data):
    return client.post(reverse("inspections:follow_up_add", args=[r.pk, teacher.pk]), data)


def test_an_inspector_adds_a_follow_up_due_within_the_term(school, login, rounds, unchanged):
    r, inspector = rounds
    client = login(inspector)
    with unchanged(FollowUpItem):
        add(client, r, school.head, problem="面批偏少", due="2027-03-01")  # after the term
    add(client, r, school.head, problem="面批偏少", action="每周面批两次", due="2026-12-20")
    item = FollowUpItem.objects.get()
    assert (item.owner, item.created_by, item.due) == (
        school.head,
        inspector,
        datetime.date(2026, 12, 20),
    )
    page = client.get(reverse("inspections:inspect", args=[r.pk, school.head.pk]))
    assert "每周面批两次" in page.content.decode()


def test_the_teacher_sees_it_after_finalizing_and_the_next_round_checks_it(school, login, rounds):
    r, inspector = rounds
    add(login(inspector), r, school.head, problem="面批偏少", due="2026-12-20")
    add(login(inspector), r, school.head, problem="档案小结未写", due="2026-12-20")
    head = login(school.head)
    assert "面批偏少" not in head.get(reverse("dashboard")).content.decode()  # still open
    InspectionRound.objects.filter(pk=r.pk).update(
        status=InspectionRound.Status.FINALIZED, finalized_at=timezone.now()
    )
    assert "面批偏少" in head.get(reverse("dashboard")).content.decode()
    done = FollowUpItem.objects.get(problem="面批偏少")
    head.post(reverse("inspections:follow_up_done", args=[done.pk]), {"done_note": "已每周面批"})
    done.refresh_from_db()
    assert done.is_done and done.done_note == "已每周面批"

    final = services.create_round(
        term=school.term,
        kind="final",
        subject=school.chinese,
        due=datetime.date(2027, 1, 14),
        inspectors=[inspector],
        teachers=[school.head],
        user=school.director,
    )
    page = login(inspector).get(reverse("inspections:inspect", args=[final.pk, school.head.pk]))
    earlier = {f.problem: f.is_done for f in page.context["earlier"]}
    assert earlier == {"面批偏少": True, "档案小结未写": False}


def test_only_the_owner_marks_a_follow_up_done(school, login, rounds):
    r, inspector = rounds
    add(login(inspector), r, school.head, problem="面批偏少", due="2026-12-20")
    item = FollowUpItem.objects.get()
    response = login(school.teacher).post(reverse("inspections:follow_up_done", args=[item.pk]))
    assert response.status_code == 404
    item.refresh_from_db()
    assert not item.is_done
