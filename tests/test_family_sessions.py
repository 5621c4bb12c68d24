"""Parent school and parent meetings: sessions, attendance, attendance rates per class."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from family import selectors
from family.models import ParentSession, SessionAttendance
from school.models import SchoolClass

from .factories.family import ParentSessionFactory, SessionAttendanceFactory, open_case
from .factories.school import ClassHeadshipFactory
from .factories.students import StudentFactory


@pytest.fixture
def struggling(school):
    for s in (school.student_a, school.student_a2, school.student_b):
        open_case(s, school.maths, school.term, school.teacher)
    return school


def test_head_teacher_creates_a_class_session_and_records_attendance(login, struggling):
    school = struggling
    client = login(school.head)
    response = client.post(
        reverse("family:session_create"),
        {
            "kind": "parent_school",
            "school_class": school.class_a.pk,
            "topic": "如何陪孩子阅读",
            "date": "2026-10-20",
            "speaker": "周校长",
            "materials": "讲义",
        },
    )
    assert response.status_code == 302
    session = ParentSession.objects.get()
    assert session.term == school.term and session.created_by == school.head
    url = reverse("family:session", args=[session.pk])
    content = client.get(url).content.decode()
    assert school.student_a.name in content and school.student_b.name not in content
    response = client.post(url, {"attended": [str(school.student_a.pk)]})
    assert response.status_code == 302
    assert dict(SessionAttendance.objects.values_list("student__name", "attended")) == {
        "张小明": True,
        "刘小红": False,
    }
    # Changing one's mind updates, never duplicates.
    client.post(url, {"attended": [str(school.student_a2.pk)]})
    assert dict(SessionAttendance.objects.values_list("student__name", "attended")) == {
        "张小明": False,
        "刘小红": True,
    }


def test_head_teacher_cannot_hold_a_session_for_another_class(login, struggling):
    school = struggling
    response = login(school.head).post(
        reverse("family:session_create"),
        {
            "kind": "parent_meeting",
            "school_class": school.class_b.pk,
            "topic": "x",
            "date": "2026-10-20",
        },
    )
    assert response.status_code == 200
    assert not ParentSession.objects.exists()


def test_only_school_leaders_hold_whole_school_sessions(login, struggling):
    school = struggling
    data = {"kind": "parent_school", "topic": "家庭教育讲座", "date": "2026-10-20"}
    assert login(school.head).post(reverse("family:session_create"), data).status_code == 200
    assert login(school.principal).post(reverse("family:session_create"), data).status_code == 302
    assert ParentSession.objects.get().school_class is None


def test_whole_school_session_shows_each_head_teacher_only_their_class(login, struggling):
    school = struggling
    session = ParentSessionFactory(term=school.term, created_by=school.principal)
    ClassHeadshipFactory(term=school.term, school_class=school.class_b, teacher=school.stranger)
    content = login(school.stranger).get(reverse("family:session", args=[session.pk])).content
    assert school.student_b.name in content.decode()
    assert school.student_a.name not in content.decode()


def test_director_reads_attendance_but_cannot_change_it(login, struggling, unchanged):
    school = struggling
    session = ParentSessionFactory(term=school.term, school_class=school.class_a)
    client = login(school.director)
    assert client.get(reverse("family:session", args=[session.pk])).status_code == 200
    with unchanged():
        assert client.post(reverse("family:session", args=[session.pk]), {}).status_code == 403
    assert client.get(reverse("family:session_create")).status_code == 403


def test_subject_teacher_cannot_see_sessions(login, struggling):
    school = struggling
    session = ParentSessionFactory(term=school.term, school_class=school.class_a)
    client = login(school.teacher)
    assert client.get(reverse("family:sessions")).status_code == 403
    assert client.get(reverse("family:session", args=[session.pk])).status_code == 404


def test_attendance_rates_per_class(struggling):
    school = struggling
    s1 = ParentSessionFactory(term=school.term)
    s2 = ParentSessionFactory(term=school.term)
    SessionAttendanceFactory(session=s1, student=school.student_a, attended=True)
    SessionAttendanceFactory(session=s1, student=school.student_a2, attended=False)
    SessionAttendanceFactory(session=s2, student=school.student_a, attended=True)
    SessionAttendanceFactory(session=s1, student=school.student_b, attended=False)
    rates = {
        r.school_class.pk: (r.attended, r.recorded, r.rate)
        for r in selectors.attendance_rates(school.term, SchoolClass.objects.all())
    }
    assert rates == {school.class_a.pk: (2, 3, 67), school.class_b.pk: (0, 1, 0)}


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_session_list_query_count_is_constant(login, struggling):
    school = struggling
    client = login(school.principal)
    url = reverse("family:sessions")
    for _ in range(3):
        s = ParentSessionFactory(term=school.term, school_class=school.class_a)
        SessionAttendanceFactory(session=s, student=school.student_a)
    client.get(url)
    few = _count(client, url)
    for _ in range(27):
        s = ParentSessionFactory(term=school.term, school_class=school.class_b)
        SessionAttendanceFactory(session=s, student=school.student_b)
    assert _count(client, url) == few


def test_session_detail_query_count_is_constant(login, struggling):
    school = struggling
    client = login(school.head)
    session = ParentSessionFactory(term=school.term, school_class=school.class_a)
    url = reverse("family:session", args=[session.pk])
    client.get(url)
    few = _count(client, url)
    for _ in range(27):
        s = StudentFactory(school_class=school.class_a)
        open_case(s, school.maths, school.term, school.teacher)
        SessionAttendanceFactory(session=session, student=s)
    assert _count(client, url) == few
