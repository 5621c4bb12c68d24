"""Correcting and withdrawing peer pairings and their sessions: dates, scope, history."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from afterschool.models import PeerPairing, PeerSession
from archives.models import PlannedDose
from archives.monitoring_data import monitoring_of

from .factories.afterschool import pairing_a
from .factories.students import SupportCaseFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 9, 1)  # the term's first day; the school's today is 2026-12-03


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def pairing_post(pairing, **changes):
    data = {
        "subject": pairing.subject_id,
        "starts_on": pairing.starts_on.isoformat(),
        "sessions_per_week": pairing.sessions_per_week,
        "teacher": pairing.teacher_id,
        "ends_on": "",
    }
    data.update(changes)
    return data


def session(pairing, day, practised="口算 20 题", minutes=15):
    return PeerSession.objects.create(
        pairing=pairing, date=day, practised=practised, minutes=minutes, author=pairing.teacher
    )


def test_teacher_corrects_a_pairing_and_the_history_shows_before_and_after(school, login):
    pairing = pairing_a(school)
    client = login(school.teacher)
    url = reverse("afterschool:pairing_edit", args=[pairing.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, pairing_post(pairing, sessions_per_week=3, starts_on="2026-09-07"))
    assert response.status_code == 302
    pairing.refresh_from_db()
    assert (pairing.sessions_per_week, pairing.starts_on) == (3, datetime.date(2026, 9, 7))
    assert pairing.corrected_at is not None
    versions = pairing.history.count()
    # The same post again changes nothing and writes no history.
    client.post(url, pairing_post(pairing))
    assert pairing.history.count() == versions
    changes = text(client.get(reverse("afterschool:pairing_changes", args=[pairing.pk])))
    assert "每周次数" in changes or "sessions a week" in changes
    assert "2 → 3" in changes and "2026-09-01 → 2026-09-07" in changes and "李老师" in changes


def test_ending_a_pairing_stops_new_sessions(school, login, unchanged):
    pairing = pairing_a(school)
    session(pairing, datetime.date(2026, 11, 2))
    client = login(school.teacher)
    url = reverse("afterschool:pairing_edit", args=[pairing.pk])
    with unchanged(PeerPairing):
        # Not after today, and not before a session already logged.
        after_today = client.post(url, pairing_post(pairing, ends_on="2026-12-10"))
        before_session = client.post(url, pairing_post(pairing, ends_on="2026-10-30"))
        outside = client.post(url, pairing_post(pairing, starts_on="2026-08-20"))
    assert "不能晚于今天" in text(after_today) or "2026-12-03" in text(after_today)
    assert "2026-11-02 已有活动记录：结束日期须在这一天或之后。" in text(before_session)
    assert 'value="2026-10-30"' in before_session.content.decode()  # kept as typed
    assert "2026-09-01" in text(outside) and outside.context["form"].errors["starts_on"]
    assert client.post(url, pairing_post(pairing, ends_on="2026-11-20")).status_code == 302
    pairing.refresh_from_db()
    assert pairing.ends_on == datetime.date(2026, 11, 20) and not pairing.is_active
    add = reverse("afterschool:peer_session_add", args=[pairing.pk])
    with unchanged(PeerSession):
        late = client.post(add, {"date": "2026-11-25", "practised": "口算", "minutes": "15"})
    assert "该结对已于 2026-11-20 结束。" in text(late)
    listing = text(client.get(reverse("afterschool:pairing_list")))
    assert "2026-11-20 结束" in listing


def test_a_session_is_corrected_within_the_pairing_and_term(school, login, unchanged):
    pairing = pairing_a(school)
    s = session(pairing, datetime.date(2026, 11, 2))
    client = login(school.teacher)
    url = reverse("afterschool:peer_session_edit", args=[s.pk])
    good = {"date": "2026-11-03", "practised": "两位数加法", "result": "全对", "minutes": "25"}
    with unchanged(PeerSession):
        future = client.post(url, {**good, "date": "2026-12-04"})
        too_long = client.post(url, {**good, "minutes": "500"})
    assert future.context["form"].errors["date"] and "2026-12-03" in text(future)
    assert too_long.context["form"].errors["minutes"]
    assert client.post(url, good).status_code == 302
    s.refresh_from_db()
    assert (s.date, s.practised, s.result, s.minutes) == (
        datetime.date(2026, 11, 3),
        "两位数加法",
        "全对",
        25,
    )
    changes = text(client.get(reverse("afterschool:pairing_changes", args=[pairing.pk])))
    assert "口算 20 题 → 两位数加法" in changes and "15 → 25" in changes


def test_withdrawing_a_session_keeps_it_in_history_and_stops_it_counting(school, login, unchanged):
    case = SupportCaseFactory(
        student=school.student_a, subject=school.maths, identified_by=school.teacher
    )
    PlannedDose.objects.create(case=case, kind="peer", sessions_per_week=1, since=START)
    pairing = pairing_a(school)
    kept = session(pairing, datetime.date(2026, 11, 2), practised="口算 20 题")
    wrong = session(pairing, datetime.date(2026, 11, 3), practised="重复录入的一次")
    assert monitoring_of(case).doses[0].fidelity.delivered == 2
    client = login(school.teacher)
    url = reverse("afterschool:peer_session_withdraw", args=[wrong.pk])
    with unchanged(PeerSession):
        no_reason = client.post(url, {"reason": "  "})
    assert no_reason.context["form"].errors["reason"]
    assert client.post(url, {"reason": "重复录入"}).status_code == 302
    wrong.refresh_from_db()
    assert wrong.is_withdrawn and wrong.deleted_by == school.teacher
    assert wrong.withdraw_reason == "重复录入"
    # A second tap: nothing more happens.
    versions = wrong.history.count()
    assert client.post(url, {"reason": "再点一次"}).status_code == 302
    wrong.refresh_from_db()
    assert wrong.withdraw_reason == "重复录入" and wrong.history.count() == versions
    assert monitoring_of(case).doses[0].fidelity.delivered == 1
    archive = client.get(reverse("archives:archive", args=[case.pk])).content.decode()
    assert kept.practised in archive and wrong.practised not in archive
    detail = text(client.get(reverse("afterschool:pairing_detail", args=[pairing.pk])))
    assert "已撤回" in detail and "重复录入" in detail and "李老师" in detail
    # A withdrawn session cannot be corrected.
    assert client.get(reverse("afterschool:peer_session_edit", args=[wrong.pk])).status_code == 404
    changes = text(client.get(reverse("afterschool:pairing_changes", args=[pairing.pk])))
    assert "撤回原因" in changes and "— → 重复录入" in changes


def test_withdrawing_a_pairing_takes_it_and_its_sessions_out(school, login):
    case = SupportCaseFactory(
        student=school.student_a, subject=school.maths, identified_by=school.teacher
    )
    PlannedDose.objects.create(case=case, kind="peer", sessions_per_week=1, since=START)
    pairing = pairing_a(school)
    session(pairing, datetime.date(2026, 11, 2))
    client = login(school.teacher)
    url = reverse("afterschool:pairing_withdraw", args=[pairing.pk])
    assert "刘小红 → 张小明" in text(client.get(url))
    assert client.post(url, {"reason": "学生选错了"}).status_code == 302
    assert monitoring_of(case).doses[0].fidelity.delivered == 0
    assert "刘小红 → 张小明" not in text(client.get(reverse("afterschool:pairing_list")))
    assert client.get(reverse("afterschool:pairing_edit", args=[pairing.pk])).status_code == 404
    # The same two students may be paired again (the withdrawn one stays in history).
    again = PeerPairing(
        term=school.term,
        tutor=school.student_a2,
        tutee=school.student_a,
        subject=school.maths,
        teacher=school.teacher,
    )
    again.full_clean()
    detail = text(client.get(reverse("afterschool:pairing_detail", args=[pairing.pk])))
    assert "学生选错了" in detail


def test_scope_outsiders_get_404_and_the_head_teacher_may_correct(school, login):
    pairing = pairing_a(school)
    s = session(pairing, datetime.date(2026, 11, 2))
    urls = [
        reverse("afterschool:pairing_detail", args=[pairing.pk]),
        reverse("afterschool:pairing_edit", args=[pairing.pk]),
        reverse("afterschool:pairing_withdraw", args=[pairing.pk]),
        reverse("afterschool:pairing_changes", args=[pairing.pk]),
        reverse("afterschool:peer_session_edit", args=[s.pk]),
        reverse("afterschool:peer_session_withdraw", args=[s.pk]),
    ]
    # The Chinese director and the class-B maths teacher may not see the tutee's maths.
    for outsider in (school.director, school.stranger):
        client = login(outsider)
        assert {client.get(u).status_code for u in urls} == {404}
    # The head teacher sees the class's archives, the tutor too, and may correct them
    # (whoever may see the tutee's archive in the subject may change it).
    head = login(school.head)
    detail = head.get(urls[0])
    assert detail.status_code == 200 and "刘小红" in text(detail)
    assert head.post(urls[1], pairing_post(pairing, sessions_per_week=5)).status_code == 302
    pairing.refresh_from_db()
    assert pairing.sessions_per_week == 5
    assert "王老师" in text(head.get(urls[3]))


def test_a_pairings_sessions_page_runs_constant_queries(school, login, constant_queries):
    pairing = pairing_a(school)
    client = login(school.teacher)
    url = reverse("afterschool:pairing_detail", args=[pairing.pk])

    def grow():
        for i in range(5):
            s = session(pairing, datetime.date(2026, 10, 1) + datetime.timedelta(days=i))
            if i % 2:
                s.deleted_at, s.deleted_by, s.withdraw_reason = s.created_at, school.head, "x"
                s.save()

    session(pairing, datetime.date(2026, 9, 30))
    constant_queries(lambda: client.get(url), grow)


def test_the_correction_pages_read_in_english(school, login):
    pairing = pairing_a(school)
    client = login(school.teacher)
    client.cookies["django_language"] = "en"
    page = text(client.get(reverse("afterschool:pairing_detail", args=[pairing.pk])))
    assert "Correct or end" in page and "Withdraw" in page and "No sessions logged yet." in page
