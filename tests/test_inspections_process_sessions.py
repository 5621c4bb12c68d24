"""The process evaluation (过程性评价) shows a teacher's sharing sessions: presented and
attended in the term, each linked to the session (collab plugs it in; inspections does
not import collab)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from collab.models import SharingSession
from inspections import services

from .factories.school import TermFactory, UserFactory
from .test_inspections_rounds import score_all

pytestmark = pytest.mark.django_db


def _session(school, day, topic, *, presenters=(), attendees=()):
    s = SharingSession.objects.create(date=day, topic=topic, organiser=school.director)
    s.presenters.set(presenters)
    s.attendees.set(attendees)
    return s


@pytest.fixture
def sessions(school):
    head, teacher = school.head, school.teacher
    previous = TermFactory(
        academic_year="2025-2026",
        name="第二学期",
        start=datetime.date(2026, 2, 20),
        midterm_review=datetime.date(2026, 4, 20),
        final_review=datetime.date(2026, 6, 25),
        end=datetime.date(2026, 7, 5),
    )
    return {
        "presented": _session(
            school,
            datetime.date(2026, 10, 20),
            "分层作业经验交流",
            presenters=[head],
            attendees=[head, teacher],
        ),
        "attended": _session(school, datetime.date(2026, 11, 5), "口算训练研讨", attendees=[head]),
        "other": _session(school, datetime.date(2026, 11, 6), "英语教研", attendees=[teacher]),
        "last_term": _session(school, datetime.date(2026, 5, 8), "上学期交流", presenters=[head]),
        "previous": previous,
    }


def _term_block(html: str, term) -> str:
    return html.split(f'data-testid="sessions-term-{term.pk}"')[1].split("</ul>")[0]


def test_the_teacher_sees_the_terms_sessions_presented_and_attended(school, login, sessions):
    html = login(school.head).get(reverse("inspections:my_results")).content.decode()
    block = _term_block(html, school.term)
    assert "主讲 1 次，参加 2 次" in block
    for key in ("presented", "attended"):
        url = reverse("collab:session", args=[sessions[key].pk])
        assert f'href="{url}"' in block
    assert "英语教研" not in html  # the head teacher was not there
    assert "上学期交流" not in block  # another term
    # The link opens the session for them.
    url = reverse("collab:session", args=[sessions["attended"].pk])
    assert "口算训练研讨" in login(school.head).get(url).content.decode()


def test_the_director_sees_them_on_the_teachers_process_evaluation(school, login, sessions):
    backbone = UserFactory(username="backbone")
    last_round = services.create_round(
        term=sessions["previous"],
        kind="final",
        subject=school.chinese,
        due=datetime.date(2026, 6, 25),
        inspectors=[backbone],
        teachers=[school.head],
        user=school.principal,
    )
    score_all(last_round, school.head, backbone, 8)
    page = login(school.director).get(reverse("inspections:teacher_process", args=[school.head.pk]))
    html = page.content.decode()
    assert "主讲 1 次，参加 2 次" in _term_block(html, school.term)
    # The round's term is shown too, with its own session.
    last = _term_block(html, sessions["previous"])
    assert "主讲 1 次，参加 0 次" in last and "上学期交流" in last
    assert f'href="{reverse("collab:session", args=[sessions["last_term"].pk])}"' in last


def test_a_teacher_without_sessions_reads_so(school, login):
    html = login(school.teacher).get(reverse("inspections:my_results")).content.decode()
    assert "主讲 0 次，参加 0 次" in html and "该学期没有分享交流活动。" in html


def test_the_page_runs_constant_queries_whatever_the_sessions(school, login, constant_queries):
    client = login(school.head)
    url = reverse("inspections:my_results")
    n = [0]

    def grow():
        for _ in range(3):
            n[0] += 1
            _session(
                school,
                datetime.date(2026, 10, n[0]),
                f"交流{n[0]}",
                presenters=[school.head],
                attendees=[school.head, school.teacher],
            )

    grow()
    constant_queries(lambda: client.get(url), grow)
