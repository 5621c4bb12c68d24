"""Recording the family situation, contacts and progress letters."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from family import letters
from family.models import FamilyContact, FamilyProfile, Guardian

from .factories.family import FamilyContactFactory, FamilyProfileFactory, open_case


@pytest.fixture
def case(school):
    return open_case(school.student_a, school.maths, school.term, school.teacher)


def _contact_data(**overrides):
    data = {
        "date": "2026-11-02",
        "channel": "home_visit",
        "participants": "奶奶，王老师",
        "summary": "孩子在家能按时完成作业",
        "family_actions": "奶奶每天签字",
        "school_actions": "每周面批",
        "next_contact_on": "2026-12-01",
    }
    data.update(overrides)
    return data


def test_head_teacher_records_a_home_visit(login, school, case):
    client = login(school.head)
    url = reverse("family:contact_create", args=[school.student_a.pk])
    assert client.get(url + "?channel=home_visit").status_code == 200
    response = client.post(url, _contact_data())
    assert response.status_code == 302
    contact = FamilyContact.objects.get()
    assert contact.channel == FamilyContact.Channel.HOME_VISIT
    assert contact.recorded_by == school.head
    assert contact.next_contact_on == datetime.date(2026, 12, 1)
    assert contact.history.count() == 1


def test_next_contact_before_the_contact_is_a_form_error(login, school, case):
    client = login(school.head)
    url = reverse("family:contact_create", args=[school.student_a.pk])
    response = client.post(url, _contact_data(next_contact_on="2026-10-01"))
    assert response.status_code == 200
    assert not FamilyContact.objects.exists()
    assert response.context["form"].errors


def test_bad_input_gets_a_message_not_a_500(login, school, case):
    client = login(school.head)
    url = reverse("family:contact_create", args=[school.student_a.pk])
    response = client.post(url, _contact_data(channel="telepathy", date="yesterday", summary=""))
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"channel", "date", "summary"}


def test_head_teacher_edits_a_contact(login, school, case):
    contact = FamilyContactFactory(student=school.student_a, recorded_by=school.head)
    client = login(school.head)
    response = client.post(
        reverse("family:contact_edit", args=[contact.pk]), _contact_data(summary="改过的")
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.summary == "改过的"


def test_head_teacher_saves_the_family_situation_with_guardians(login, school, case):
    client = login(school.head)
    url = reverse("family:profile_edit", args=[school.student_a.pk])
    assert client.get(url).status_code == 200
    data = {
        "primary_caregiver": "grandparents",
        "left_behind": "on",
        "economic_hardship": "on",
        "notes": "父母在广东打工",
        "guardians-TOTAL_FORMS": "1",
        "guardians-INITIAL_FORMS": "0",
        "guardians-MIN_NUM_FORMS": "0",
        "guardians-MAX_NUM_FORMS": "1000",
        "guardians-0-relation": "grandmother",
        "guardians-0-name": "张奶奶",
        "guardians-0-phone": "13900001111",
        "guardians-0-lives_with_student": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    profile = FamilyProfile.objects.get(student=school.student_a)
    assert profile.left_behind and profile.economic_hardship and not profile.single_parent
    assert profile.updated_by == school.head
    [guardian] = profile.guardians.all()
    assert guardian.name == "张奶奶" and guardian.lives_with_student
    # Edit: remove the grandmother, add the father who works away.
    data.update(
        {
            "guardians-TOTAL_FORMS": "2",
            "guardians-INITIAL_FORMS": "1",
            "guardians-0-id": str(guardian.pk),
            "guardians-0-profile": str(profile.pk),
            "guardians-0-DELETE": "on",
            "guardians-1-relation": "father",
            "guardians-1-name": "张爸爸",
            "guardians-1-phone": "13700002222",
            "guardians-1-works_away": "on",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert list(Guardian.objects.values_list("name", "works_away")) == [("张爸爸", True)]


def test_letter_draft_uses_case_and_contacts(school, case):
    FamilyProfileFactory(student=school.student_a, left_behind=True)
    FamilyContactFactory(
        student=school.student_a, recorded_by=school.head, family_actions="奶奶每晚检查作业"
    )
    text = letters.draft(student=school.student_a, term=school.term, teacher=school.head)
    assert school.student_a.name in text
    assert "数学" in text
    assert "奶奶每晚检查作业" in text
    assert str(school.head) in text


def test_head_teacher_edits_and_marks_the_letter_as_sent(login, school, case):
    client = login(school.head)
    url = reverse("family:letter", args=[school.student_a.pk])
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "family/letter.js" in content and "data-copy-target" in content
    assert school.student_a.name in response.context["form"].initial["text"]
    response = client.post(
        url,
        {
            "text": "张小明家长您好：最近进步很大。",
            "channel": "private_message",
            "date": "2026-11-20",
        },
    )
    assert response.status_code == 302
    contact = FamilyContact.objects.get()
    assert contact.is_progress_letter
    assert contact.summary == "张小明家长您好：最近进步很大。"
    assert contact.channel == "private_message"


def test_empty_letter_is_refused(login, school, case):
    client = login(school.head)
    url = reverse("family:letter", args=[school.student_a.pk])
    response = client.post(url, {"text": "", "channel": "private_message", "date": "2026-11-20"})
    assert response.status_code == 200
    assert not FamilyContact.objects.exists()


def test_student_family_page_query_count_is_constant(login, school, case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(school.head)
    url = reverse("family:student", args=[school.student_a.pk])
    for _ in range(3):
        FamilyContactFactory(student=school.student_a, recorded_by=school.head)
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for _ in range(27):
        FamilyContactFactory(student=school.student_a, recorded_by=school.teacher)
    assert count() == few


def test_letter_draft_uses_goals_and_recent_observations(school, case, time_machine):
    from .factories.archives import ObservationFactory
    from .factories.students import SupportGoalFactory

    time_machine.move_to("2026-11-20 04:00")
    SupportGoalFactory(
        case=case, step=1, description="降低目标", target="先掌握容易的一组词语", outcome="met"
    )
    SupportGoalFactory(case=case, step=2, description="提升目标", target="基础题都尽量完成")
    ObservationFactory(case=case, date=datetime.date(2026, 11, 10), rating=5, author=school.teacher)
    ObservationFactory(
        case=case,
        date=datetime.date(2026, 11, 12),
        rating=None,
        score_percent=78,
        author=school.teacher,
    )
    ObservationFactory(case=case, date=datetime.date(2026, 9, 5), rating=1, author=school.teacher)
    text = letters.draft(student=school.student_a, term=school.term, teacher=school.head)
    assert "先掌握容易的一组词语" in text  # reached
    assert "基础题都尽量完成" in text  # next
    assert "降低目标" not in text and "提升目标" not in text  # the plan's step names stay inside
    assert "doing well" in text or "表现不错" in text  # only the recent rating (5) counts
    assert "78%" in text


def test_a_bad_phone_number_is_a_form_error(login, school, case):
    client = login(school.head)
    response = client.post(
        reverse("family:profile_edit", args=[school.student_a.pk]),
        {
            "primary_caregiver": "parents",
            "guardians-TOTAL_FORMS": "1",
            "guardians-INITIAL_FORMS": "0",
            "guardians-MIN_NUM_FORMS": "0",
            "guardians-MAX_NUM_FORMS": "1000",
            "guardians-0-relation": "mother",
            "guardians-0-name": "张妈妈",
            "guardians-0-phone": "call me maybe",
        },
    )
    assert response.status_code == 200
    assert response.context["formset"].errors[0]["phone"]
    assert not FamilyProfile.objects.exists()
