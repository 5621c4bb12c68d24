"""A team meeting's agenda and a case study's draft in the reader's language: the agenda's
reasons are stored as messages and written again for whoever opens the meeting; the draft
is written in the language of the teacher who drafts it, still without names."""

from __future__ import annotations

import re

from django.urls import reverse

from collab.models import CaseStudy, MeetingItem, TeamMeeting
from school.models import today

from .factories.students import case_a
from .test_collab_case_studies import _assert_anonymous, _improved_case

HAN = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff01-\uff60]")


def _meeting(client, school):
    data = {"kind": "class", "school_class": school.class_a.pk, "date": today().isoformat()}
    assert client.post(reverse("collab:meeting_create"), data).status_code == 302
    return TeamMeeting.objects.get()


def _reasons_on_page(client, meeting) -> list[str]:
    html = client.get(reverse("collab:meeting", args=[meeting.pk])).content.decode()
    item = MeetingItem.objects.get(meeting=meeting, student__name="张小明")
    return [r for r in item.shown_reasons if r in html]


def test_the_agenda_built_in_chinese_reads_in_english_for_an_english_reader(school, login):
    case_a(school)  # maths, nothing logged since the term's start: stale
    client = login(school.head)
    client.cookies["django_language"] = "zh-hans"
    meeting = _meeting(client, school)
    item = MeetingItem.objects.get(meeting=meeting, student=school.student_a)
    assert any("帮扶措施" in r for r in item.reasons)  # the text as built, kept
    chinese = _reasons_on_page(client, meeting)
    assert any("帮扶措施" in r for r in chinese)

    client.cookies["django_language"] = "en"
    english = _reasons_on_page(client, meeting)
    assert any("does the support need changing" in r for r in english), english
    # Nothing Chinese is left but the subject's name (what the school wrote).
    assert all(not HAN.search(r.replace("数学", "")) for r in english), english


def test_an_item_from_before_the_messages_shows_its_stored_text(school, login):
    case_a(school)
    client = login(school.head)
    meeting = _meeting(client, school)
    item = MeetingItem.objects.get(meeting=meeting, student=school.student_a)
    MeetingItem.objects.filter(pk=item.pk).update(reason_messages=[], reasons=["数学：旧的原因"])
    client.cookies["django_language"] = "en"
    html = client.get(reverse("collab:meeting", args=[meeting.pk])).content.decode()
    assert "数学：旧的原因" in html


def test_a_case_study_drafted_in_english_is_english_and_anonymous(school, login):
    case = _improved_case(school)
    client = login(school.head)
    client.cookies["django_language"] = "en"
    initial = client.get(reverse("collab:study_create", args=[case.pk])).context["form"].initial
    text = "\n".join(initial[f] for f in CaseStudy.TEXT_FIELDS)
    _assert_anonymous(text)
    assert "Student A" in text and "学生甲" not in text
    assert "Classmate" in text and "Teacher" in text
    assert "November 2026" in initial["results"]
    # The system's words are English; what the teachers wrote stays as written.
    assert initial["situation"].startswith("Student A, grade 3, struggling in ")
    assert "1. 降低目标，让Student A初尝成功: Met" in initial["results"]
    assert "Strategies: Tiered homework" in initial["steps"]
    assert "Case status: Improved" in initial["results"]
    assert "September 2026 Classroom performance: Student A主动举手" in initial["results"]
    assert not re.search("[：（）、]|年|月", initial["results"] + initial["steps"])


def test_a_case_study_drafted_in_chinese_keeps_the_chinese_codes(school, login):
    case = _improved_case(school)
    client = login(school.head)
    client.cookies["django_language"] = "zh-hans"
    initial = client.get(reverse("collab:study_create", args=[case.pk])).context["form"].initial
    text = "\n".join(initial[f] for f in CaseStudy.TEXT_FIELDS)
    assert "学生甲" in text and "Student A" not in text
    assert "2026年11月" in initial["results"]
