"""Quick phrases: the school's list per kind, each teacher's own most-used first."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from archives.models import Observation, QuickPhrase
from archives.phrases import phrases_for, set_school_phrases, split_note
from archives.services import log_observation

from .factories.students import StudentFactory, SupportCaseFactory

pytestmark = pytest.mark.django_db

SETTINGS = reverse("archives:phrase_settings")


def a_case(school):
    return SupportCaseFactory(
        student=StudentFactory(school_class=school.class_a, student_number="A150"),
        subject=school.maths,
        identified_by=school.teacher,
    )


def test_defaults_are_offered_in_chinese_until_the_school_edits_the_list(school):
    with translation.override("zh-hans"):
        offered = phrases_for(school.teacher)
    assert "主动举手" in offered["classroom"]
    assert "作业未交" in offered["homework"]
    assert set(offered) == set(Observation.Kind.values)


def test_a_leader_edits_the_shared_list_one_phrase_a_line(school, login):
    client = login(school.principal)
    assert client.get(SETTINGS).status_code == 200
    data = {kind: "" for kind in Observation.Kind.values}
    data["classroom"] = "坐姿端正\n\n积极发言\n坐姿端正"
    response = client.post(SETTINGS, data)
    assert response.status_code == 302
    assert list(QuickPhrase.objects.filter(kind="classroom").values_list("text", flat=True)) == [
        "坐姿端正",
        "积极发言",
    ]
    assert phrases_for(school.teacher)["classroom"] == ["坐姿端正", "积极发言"]
    # A kind left empty falls back to the defaults.
    assert phrases_for(school.teacher)["homework"]


def test_a_too_long_phrase_is_refused_next_to_its_kind(school, login, unchanged):
    data = {kind: "" for kind in Observation.Kind.values}
    data["test"] = "很" * 41
    with unchanged(QuickPhrase):
        response = login(school.principal).post(SETTINGS, data)
    assert response.status_code == 200
    assert response.context["form"].errors["test"]


def test_teachers_may_not_edit_the_shared_list(school, login, unchanged):
    with unchanged(QuickPhrase):
        response = login(school.teacher).post(SETTINGS, {"classroom": "乱写"})
    assert response.status_code == 403
    with pytest.raises(ValidationError):
        set_school_phrases(lists={"classroom": ["乱写"]}, by=school.teacher)


def test_a_teachers_own_most_used_phrases_come_first(school):
    case = a_case(school)
    for note in ["上课走神；字迹潦草", "字迹潦草，需要提醒", "字迹潦草"]:
        log_observation(
            case=case, by=school.teacher, date=case.term.start, kind="classroom", note=note
        )
    offered = phrases_for(school.teacher)["classroom"]
    assert offered[0] == "字迹潦草"
    assert "上课走神" not in offered  # used once only
    # Another teacher's notes are not offered to this one.
    assert "字迹潦草" not in phrases_for(school.head)["classroom"]
    assert "字迹潦草" not in phrases_for(school.teacher)["homework"]


def test_notes_split_at_the_chip_separator_and_punctuation():
    assert split_note("主动举手；书写有进步，订正及时。") == ["主动举手", "书写有进步", "订正及时"]


def test_the_lesson_log_offers_the_chips(school, login):
    a_case(school)
    response = login(school.teacher).get(
        reverse("archives:lesson_log", args=[school.class_a.pk, school.maths.pk]),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    body = response.content.decode()
    assert 'id="quick-phrases"' in body and "phrases.js" in body
    assert 'class="phrase-chips' in body
