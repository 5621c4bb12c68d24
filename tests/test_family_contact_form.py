"""The family contact form starts filled in: channel, today, who took part; labels per channel."""

from __future__ import annotations

import pytest
from django.urls import reverse

from family.models import FamilyContact
from school.models import today
from students.models import AccessRecord

from .factories.family import FamilyContactFactory, GuardianFactory, open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(school):
    return open_case(school.student_a, school.maths, school.term, school.teacher)


def url(school, channel=""):
    base = reverse("family:contact_create", args=[school.student_a.pk])
    return base + (f"?channel={channel}" if channel else "")


def summary_label(page: str) -> str:
    start = page.index('for="id_summary"')
    return page[page.index(">", start) + 1 : page.index("</label>", start)]


@pytest.fixture
def guardians(school):
    grandmother = GuardianFactory(profile__student=school.student_a, name="张奶奶")
    GuardianFactory(
        profile=grandmother.profile,
        relation="father",
        name="张建国",
        phone="",
        lives_with_student=False,
        works_away=True,
    )
    return grandmother


def test_a_home_visit_starts_with_today_the_household_and_the_teacher(
    login, school, case, guardians
):
    page = login(school.head).get(url(school)).content.decode()
    assert '<option value="home_visit" selected>' in page
    assert f'value="{today():%Y-%m-%d}"' in page
    assert 'value="张奶奶、王老师"' in page  # the father works away
    assert "家访情况" in summary_label(page)
    assert AccessRecord.objects.filter(
        user=school.head, what=AccessRecord.What.FAMILY_FILE
    ).exists()


def test_a_phone_call_is_labelled_as_a_call_not_a_summary(login, school, case, guardians):
    page = login(school.head).get(url(school, "phone")).content.decode()
    assert '<option value="phone" selected>' in page
    assert "通话内容" in summary_label(page)
    assert "阶段小结" not in page
    assert 'value="张奶奶、王老师"' in page  # the guardian with a phone


def test_the_channel_select_carries_every_label_for_the_script(login, school, case):
    page = login(school.head).get(url(school)).content.decode()
    assert "data-summary-labels=" in page and "私信沟通内容" in page
    assert "family/contact-label.js" in page


def test_without_guardians_only_the_teacher_takes_part(login, school, case):
    page = login(school.head).get(url(school, "in_person")).content.decode()
    assert 'value="王老师"' in page
    assert "面谈内容" in summary_label(page)
    assert not AccessRecord.objects.filter(what=AccessRecord.What.FAMILY_FILE).exists()


def test_an_unknown_channel_falls_back_to_a_home_visit(login, school, case):
    page = login(school.head).get(url(school, "carrier_pigeon")).content.decode()
    assert '<option value="home_visit" selected>' in page


def test_a_refused_post_keeps_the_label_of_the_posted_channel(login, school, case, unchanged):
    data = {"date": "2026-11-02", "channel": "phone", "participants": "奶奶", "summary": ""}
    with unchanged(FamilyContact):
        response = login(school.head).post(url(school), data)
    assert response.status_code == 200
    assert "通话内容" in summary_label(response.content.decode())


def test_editing_a_contact_labels_the_summary_by_its_channel(login, school, case):
    contact = FamilyContactFactory(
        student=school.student_a, channel="private_message", recorded_by=school.head
    )
    page = login(school.head).get(reverse("family:contact_edit", args=[contact.pk]))
    assert "私信沟通内容" in summary_label(page.content.decode())
