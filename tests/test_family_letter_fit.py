"""A letter fit to send: plain words for parents from the facts, the child's pronoun, the
current step (never an overdue one, never a plan step's name), help at home from the plan's
measures, the family's language chosen on the letter, and an A4 print of the whole text."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from family import letters
from family.models import FamilyContact
from school.models import today

from .factories.family import open_case
from .factories.students import CaseMeasureFactory, SupportGoalFactory, SupportMeasureFactory


@pytest.fixture
def girl_case(school):
    """刘小红 (a girl, class A) in maths: step 1 met, step 2 overdue and unmet, step 3 next."""
    case = open_case(school.student_a2, school.maths, school.term, school.teacher)
    on = today()
    SupportGoalFactory(
        case=case,
        step=1,
        description="降低目标，让他初尝成功喜悦",
        target="把20以内的加减法算对",
        outcome="met",
    )
    SupportGoalFactory(
        case=case,
        step=2,
        description="提升目标，给予充分的表扬",
        target="口算过关",
        due_on=on - datetime.timedelta(days=5),
    )
    SupportGoalFactory(
        case=case,
        step=3,
        description="掌握方法，不惧困难",
        target="让他自己检查应用题的单位",
        due_on=on + datetime.timedelta(days=20),
    )
    CaseMeasureFactory(case=case, measure=SupportMeasureFactory(name="分层作业"))
    return case


def test_the_letter_speaks_plainly_with_her_pronoun_and_the_current_step(school, girl_case):
    text = letters.draft(student=school.student_a2, term=school.term, teacher=school.head)
    assert "降低目标" not in text and "提升目标" not in text and "掌握方法" not in text
    assert "把20以内的加减法算对" in text  # what went well, in plain words
    assert "让她自己检查应用题的单位" in text  # the next step, with her pronoun
    assert "口算过关" not in text  # the overdue, unmet step is not "next"
    assert "他" not in text.replace("其他", "")
    assert "她" in text
    # How to help at home, from the plan's measures (tiered homework).
    assert "作业按她能完成的难度布置" in text


def test_the_letter_is_in_the_language_chosen_on_it_not_the_teachers(school, girl_case, login):
    client = login(school.head)
    client.cookies["django_language"] = "en"
    url = reverse("family:letter", args=[school.student_a2.pk])
    page = client.get(url)
    assert "刘小红家长" in page.context["form"].initial["text"]  # the school's language
    english = client.get(url, {"language": "en"}).context["form"].initial["text"]
    assert english.startswith("Dear parent of 刘小红")
    assert "she" in english and " he " not in english


def test_marking_sent_keeps_the_text_and_prints_it_whole_on_a4(school, girl_case, login, settings):
    settings.SCHOOL_NAME = "实验小学"
    client = login(school.head)
    url = reverse("family:letter", args=[school.student_a2.pk])
    long_text = "刘小红家长您好：\n" + "这个月她进步很大。" * 120
    response = client.post(
        url, {"text": long_text, "channel": "private_message", "date": today().isoformat()}
    )
    assert response.status_code == 302
    contact = FamilyContact.objects.get(is_progress_letter=True)
    assert contact.summary == long_text.strip()
    assert response.url.startswith(reverse("family:letter_print", args=[contact.pk]))
    printed = client.get(response.url).content.decode()
    assert "实验小学" in printed and today().isoformat() in printed
    assert printed.count("这个月她进步很大。") == 120  # the whole text
    assert "班主任" in printed and 'class="line"' in printed  # the signature line
    assert "family/letter_print.css" in printed and "<script>" not in printed


def test_only_a_letter_prints_as_a_letter(school, login):
    contact = FamilyContact.objects.create(
        student=school.student_a,
        recorded_by=school.head,
        date=today(),
        channel="phone",
        summary="电话联系",
    )
    response = login(school.head).get(reverse("family:letter_print", args=[contact.pk]))
    assert response.status_code == 404
