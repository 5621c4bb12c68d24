"""After-school groups with one-tap attendance, the homework-in-school rate, peer tutoring."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse

from afterschool.models import AfterSchoolGroup, Attendance, GroupSession, PeerPairing, PeerSession
from archives.models import PlannedDose
from archives.monitoring_data import monitoring_of

from .factories.afterschool import group_a, pairing_a
from .factories.students import SupportCaseFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 10, 12)


def session_url(group, day=None):
    url = reverse("afterschool:group_session", args=[group.pk])
    return f"{url}?date={day:%Y-%m-%d}" if day else url


def test_teacher_creates_a_group(school, login):
    client = login(school.teacher)
    response = client.post(
        reverse("afterschool:group_create"),
        {
            "name": "三(1)作业辅导",
            "kind": "homework",
            "teacher": school.teacher.pk,
            "room": "301",
            "weekdays": ["1", "3"],
            "starts_at": "16:00",
            "minutes": "60",
            "members": [school.student_a.pk, school.student_a2.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    group = AfterSchoolGroup.objects.get()
    assert group.term == school.term and group.weekdays == [1, 3]
    assert set(group.members.all()) == {school.student_a, school.student_a2}
    assert "三(1)作业辅导" in client.get(reverse("afterschool:group_list")).content.decode()


def test_one_tap_attendance_is_saved_and_corrected_not_duplicated(school, login):
    group = group_a(school)
    client = login(school.teacher)
    page = client.get(session_url(group, DAY)).content.decode()
    assert page.count('class="attendance-row') == 2
    data = {
        "date": DAY.isoformat(),
        "present": [school.student_a.pk],
        "homework": [school.student_a2.pk],
    }
    assert client.post(session_url(group, DAY), data).status_code == 302
    marks = {a.student: (a.present, a.homework_done) for a in Attendance.objects.all()}
    # Homework finished in school means the student was there.
    assert marks == {school.student_a: (True, False), school.student_a2: (True, True)}
    client.post(
        session_url(group, DAY), {"date": DAY.isoformat(), "present": [school.student_a.pk]}
    )
    assert GroupSession.objects.count() == 1 and Attendance.objects.count() == 2
    assert not Attendance.objects.get(student=school.student_a2).present


def test_attendance_refusals_change_nothing(school, login, unchanged):
    group = group_a(school)
    with unchanged(GroupSession, Attendance, AfterSchoolGroup):
        later = datetime.date(2026, 12, 30)
        response = login(school.teacher).post(
            session_url(group), {"date": later.isoformat(), "present": [school.student_a.pk]}
        )
        assert response.status_code == 200 and "今天" in response.content.decode()
        response = login(school.teacher).post(
            session_url(group), {"date": DAY.isoformat(), "present": [school.student_b.pk]}
        )
        assert response.status_code == 200
        # The head teacher sees the group (their class) but does not run it.
        assert login(school.head).get(session_url(group)).status_code == 200
        assert (
            login(school.head).post(session_url(group), {"date": DAY.isoformat()}).status_code
            == 403
        )
        assert login(school.stranger).get(session_url(group)).status_code == 404


def test_homework_finished_in_school_rate_by_week(school, login):
    group = group_a(school)
    client = login(school.teacher)
    client.post(
        session_url(group, DAY),
        {
            "date": DAY.isoformat(),
            "present": [school.student_a.pk],
            "homework": [school.student_a2.pk],
        },
    )
    response = login(school.principal).get(reverse("afterschool:homework_completion"))
    lines = {label: cells for _level, label, cells in response.context["lines"]}
    assert lines["全校"] == [(50, 1, 2)]
    assert lines[str(school.class_a)] == [(50, 1, 2)]
    assert lines[str(school.class_b)] == [(None, 0, 0)]
    teacher = login(school.teacher).get(reverse("afterschool:homework_completion"))
    assert "全校" not in {label for _l, label, _c in teacher.context["lines"]}


def test_attendance_is_in_the_archive_and_counts_as_delivered_dose(school, login):
    case = SupportCaseFactory(
        student=school.student_a, subject=school.maths, identified_by=school.teacher
    )
    PlannedDose.objects.create(case=case, kind="afterschool", sessions_per_week=1, since=DAY)
    group = group_a(school)
    client = login(school.teacher)
    for week in range(3):
        day = DAY + datetime.timedelta(days=7 * week)
        client.post(
            session_url(group, day), {"date": day.isoformat(), "homework": [school.student_a.pk]}
        )
    line = monitoring_of(case).doses[0]
    assert line.fidelity.delivered == 3
    archive = client.get(reverse("archives:archive", args=[case.pk])).content.decode()
    assert "书面作业校内完成" in archive and group.name in archive


def test_peer_pairing_and_sessions_the_tutor_shown_only_to_who_sees_the_tutee(school, login):
    case = SupportCaseFactory(
        student=school.student_a, subject=school.maths, identified_by=school.teacher
    )
    client = login(school.teacher)
    response = client.post(
        reverse("afterschool:pairing_create"),
        {
            "tutee": school.student_a.pk,
            "tutor": school.student_a2.pk,
            "subject": school.maths.pk,
            "starts_on": "2026-10-01",
            "sessions_per_week": "2",
            "teacher": school.teacher.pk,
        },
    )
    assert response.status_code == 302
    pairing = PeerPairing.objects.get()
    url = reverse("afterschool:peer_session_add", args=[pairing.pk])
    data = {
        "date": "2026-10-13",
        "practised": "20 以内进位加法",
        "result": "错 2 题",
        "submission_key": uuid.uuid4().hex,
    }
    assert client.post(url, data).status_code == 302
    client.post(url, data)  # the same form again
    assert PeerSession.objects.count() == 1
    archive = client.get(reverse("archives:archive", args=[case.pk])).content.decode()
    assert "刘小红" in archive and "20 以内进位加法" in archive
    assert "刘小红" in client.get(reverse("afterschool:pairing_list")).content.decode()
    # The Chinese director does not see the maths tutee: neither pairing nor tutor.
    director = login(school.director).get(reverse("afterschool:pairing_list"))
    assert "刘小红" not in director.content.decode()
    assert login(school.stranger).get(url).status_code == 404


def test_a_pairing_needs_two_students_and_the_tutee_taught(school, login, unchanged):
    client = login(school.teacher)
    with unchanged(PeerPairing):
        response = client.post(
            reverse("afterschool:pairing_create"),
            {
                "tutee": school.student_a.pk,
                "tutor": school.student_a.pk,
                "subject": school.maths.pk,
                "starts_on": "2026-10-01",
                "sessions_per_week": "2",
                "teacher": school.teacher.pk,
            },
        )
        assert response.status_code == 200 and response.context["form"].errors["tutor"]
        response = client.post(
            reverse("afterschool:pairing_create"),
            {
                "tutee": school.student_a.pk,
                "tutor": school.student_a2.pk,
                "subject": school.chinese.pk,
                "starts_on": "2026-10-01",
                "sessions_per_week": "2",
                "teacher": school.teacher.pk,
            },
        )
        assert response.status_code == 200


def test_erasing_a_tutee_removes_pairings(school):
    from afterschool import erasure

    pairing = pairing_a(school)
    group = group_a(school)
    assert erasure.preview(school.student_a)
    erasure.erase(school.student_a)
    assert not PeerPairing.objects.filter(pk=pairing.pk).exists()
    assert school.student_a not in group.members.all()


def test_a_subject_group_is_seen_only_by_who_sees_its_members_in_that_subject(school, login):
    homework = group_a(school)
    maths = group_a(school, subject=school.maths)
    # The head teacher teaches class A Chinese and heads it: sees both.
    assert login(school.head).get(session_url(maths)).status_code == 200
    # The Chinese director sees every class, but only Chinese records: the homework group only.
    client = login(school.director)
    assert client.get(session_url(homework)).status_code == 200
    assert client.get(session_url(maths)).status_code == 404
    # Editing is for whoever runs the group.
    assert client.get(reverse("afterschool:group_edit", args=[homework.pk])).status_code == 404
    assert (
        login(school.teacher).get(reverse("afterschool:group_edit", args=[maths.pk])).status_code
        == 200
    )
