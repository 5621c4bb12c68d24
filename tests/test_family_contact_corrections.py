"""Correcting, withdrawing and restoring family contacts (home visits included)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from family.models import FamilyContact

from .factories.family import FamilyContactFactory, open_case


@pytest.fixture
def case(school):
    return open_case(school.student_a, school.maths, school.term, school.teacher)


def _data(contact, **changes) -> dict:
    data = {
        "date": str(contact.date),
        "channel": contact.channel,
        "participants": contact.participants,
        "summary": contact.summary,
        "family_actions": contact.family_actions,
        "school_actions": contact.school_actions,
        "next_contact_on": "",
    }
    data.update(changes)
    return data


def _visit_plan_row(client, school):
    rows = client.get(reverse("family:visit_plan")).context["page"]
    return next(r for r in rows if r.pk == school.student_a.pk)


def test_the_recorder_corrects_a_home_visit_and_the_history_keeps_before_and_after(
    school, login, case
):
    visit = FamilyContactFactory(student=school.student_a, recorded_by=school.head)
    client = login(school.head)
    response = client.post(
        reverse("family:contact_edit", args=[visit.pk]),
        _data(visit, summary="家访：作业已能在九点前完成"),
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.summary == "家访：作业已能在九点前完成" and visit.corrected_at is not None
    with translation.override("zh-hans"):
        history = client.get(reverse("family:contact_history", args=[visit.pk]))
        archive = client.get(reverse("family:student", args=[school.student_a.pk]))
    text = history.content.decode()
    assert "家访：孩子作业常拖到深夜" in text and "家访：作业已能在九点前完成" in text
    assert "已更正" in archive.content.decode()


def test_a_withdrawn_visit_leaves_the_log_and_the_visit_clock_until_undone(school, login, case):
    visit = FamilyContactFactory(
        student=school.student_a, recorded_by=school.head, date=school.term.start
    )
    client = login(school.head)
    assert _visit_plan_row(client, school).last_visit == visit.date
    client.post(reverse("family:contact_delete", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.deleted_by == school.head
    page = client.get(reverse("family:student", args=[school.student_a.pk]))
    assert list(page.context["page"]) == []
    assert [row["contact"] for row in page.context["withdrawn"]] == [visit]
    assert _visit_plan_row(client, school).last_visit is None
    archive = client.get(reverse("archives:archive", args=[case.pk]))
    assert [e for e in archive.context["entries"] if e.kind == "family_contact"] == []
    client.post(reverse("family:contact_restore", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.deleted_at is None
    assert _visit_plan_row(client, school).last_visit == visit.date


def test_the_principal_may_correct_any_contact(school, login, case):
    contact = FamilyContactFactory(student=school.student_a, recorded_by=school.head)
    response = login(school.principal).post(
        reverse("family:contact_edit", args=[contact.pk]), _data(contact, participants="爸爸")
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.participants == "爸爸"


@pytest.mark.parametrize("action", ["edit", "delete", "restore"])
def test_another_holder_of_the_file_gets_403_and_nothing_changes(
    school, login, unchanged, case, action
):
    # The head teacher sees the contact a colleague recorded, but it is not theirs to correct.
    contact = FamilyContactFactory(student=school.student_a, recorded_by=school.teacher)
    client = login(school.head)
    url = reverse(f"family:contact_{action}", args=[contact.pk])
    with unchanged(FamilyContact):
        response = client.post(url, _data(contact, summary="不是我记的"))
    assert response.status_code == 403


@pytest.mark.parametrize("action", ["edit", "delete", "restore", "history"])
def test_a_stranger_gets_404_and_nothing_changes(school, login, unchanged, case, action):
    contact = FamilyContactFactory(student=school.student_a, recorded_by=school.head)
    client = login(school.stranger)
    url = reverse(f"family:contact_{action}", args=[contact.pk])
    with unchanged():
        response = client.post(url, _data(contact, summary="外人改的"))
    assert response.status_code == 404


def test_a_changed_date_is_checked_as_on_creation(school, login, case):
    contact = FamilyContactFactory(student=school.student_a, recorded_by=school.head)
    before_term = school.term.start.replace(year=school.term.start.year - 1)
    response = login(school.head).post(
        reverse("family:contact_edit", args=[contact.pk]), _data(contact, date=str(before_term))
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date"]
    contact.refresh_from_db()
    assert contact.corrected_at is None
