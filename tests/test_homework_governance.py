"""The grade leader acts on an over-limit day the same day; parents read the day's homework
from a link that shows no student and expires; the notice's total agrees with its text."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from homework import reminders_due
from homework.models import Assignment, LoadOverride, NoticeLink, OverLimitResponse
from school.models import today

from .factories.homework import AssignmentFactory, PersonalisedItemFactory, TierFactory


@pytest.fixture
def day(school):
    return today()


@pytest.fixture
def over_day(school, day):
    """Class A's written homework today: 40 + 35 minutes, over grade 3's 60."""
    maths = AssignmentFactory(
        term=school.term,
        school_class=school.class_a,
        subject=school.maths,
        set_by=school.teacher,
        date=day,
        title="口算练习",
    )
    TierFactory(assignment=maths, minutes=40)
    chinese = AssignmentFactory(
        term=school.term,
        school_class=school.class_a,
        subject=school.chinese,
        set_by=school.head,
        date=day,
        title="生字抄写",
    )
    TierFactory(assignment=chinese, minutes=35)
    in_class = AssignmentFactory(
        term=school.term,
        school_class=school.class_a,
        subject=school.maths,
        set_by=school.teacher,
        date=day,
        title="课堂练习",
        phase=Assignment.Phase.IN_CLASS,
    )
    TierFactory(assignment=in_class, minutes=15)
    PersonalisedItemFactory(assignment=maths, student=school.student_a, minutes=40)
    LoadOverride.objects.create(
        assignment=maths,
        school_class=school.class_a,
        date=day,
        reason="单元测验前复习",
        average_minutes=75,
        limit_minutes=60,
        recorded_by=school.teacher,
    )
    return maths


def respond(client, school, day, **data):
    return client.post(reverse("homework:respond", args=[school.class_a.pk, day.isoformat()]), data)


def test_the_grade_leader_asks_to_cut_and_the_teacher_sees_it(school, login, day, over_day):
    leader = login(school.leader)
    page = leader.get(reverse("homework:class_day", args=[school.class_a.pk, day.isoformat()]))
    assert page.context["response_form"] is not None
    assert "单元测验前复习" in page.content.decode()  # the reason beside the load
    response = respond(leader, school, day, action="cut", note="数学口算减半")
    assert response.status_code == 302
    saved = OverLimitResponse.objects.get()
    assert (saved.action, saved.note, saved.responded_by) == ("cut", "数学口算减半", school.leader)
    dashboard = login(school.teacher).get(reverse("dashboard")).content.decode()
    assert "数学口算减半" in dashboard
    # The teachers who set that day's homework are reminded today.
    due = [r for r in reminders_due.due(today=day) if r.key.startswith("cut:")]
    assert sorted(r.user_id for r in due) == sorted([school.teacher.pk, school.head.pk])


def test_acknowledging_needs_no_note_and_can_be_changed_with_history(school, login, day, over_day):
    leader = login(school.leader)
    respond(leader, school, day, action="ack", note="")
    respond(leader, school, day, action="cut", note="语文少抄一遍")
    saved = OverLimitResponse.objects.get()
    assert saved.action == "cut"
    assert [h.action for h in saved.history.order_by("history_date")] == ["ack", "cut"]


def test_asking_to_cut_without_a_note_is_refused(school, login, day, over_day, unchanged):
    with unchanged(OverLimitResponse):
        response = respond(login(school.leader), school, day, action="cut", note="")
    assert response.status_code == 302  # back to the day, with the message
    assert OverLimitResponse.objects.count() == 0


def test_a_day_within_the_limit_has_nothing_to_answer(school, login, day, unchanged):
    with unchanged(OverLimitResponse):
        respond(login(school.leader), school, day, action="ack")


def test_only_the_grade_leader_answers(school, login, day, over_day, unchanged):
    with unchanged(OverLimitResponse):
        assert respond(login(school.teacher), school, day, action="ack").status_code == 404


def test_the_override_saved_today_reaches_the_grade_leader_today(school, day, over_day):
    due = [r for r in reminders_due.due(today=day) if r.key.startswith("override:")]
    assert [r.user_id for r in due] == [school.leader.pk]
    assert "单元测验前复习" in due[0].body


# ---- 作业公示 ----------------------------------------------------------------------------


def test_the_notice_counts_only_the_load_and_its_total_agrees(school, login, day, over_day):
    page = login(school.head).get(
        reverse("homework:notice", args=[school.class_a.pk, day.isoformat()])
    )
    assert [a.title for a in page.context["counted"]] == ["生字抄写", "口算练习"]
    assert [a.title for a in page.context["apart"]] == ["课堂练习"]
    assert page.context["total"] == 75
    body = page.content.decode()
    assert "75" in body and 'data-testid="total">75<' in body


def test_the_head_teacher_makes_a_public_link_that_shows_no_student(
    school, login, client, day, over_day
):
    head = login(school.head)
    url = reverse("homework:notice_link", args=[school.class_a.pk, day.isoformat()])
    assert head.post(url).status_code == 302
    assert head.post(url).status_code == 302  # a second tap: the same link
    link = NoticeLink.objects.get()
    assert link.expires_on == day + datetime.timedelta(days=7)
    client.logout()
    page = client.get(reverse("homework:public_notice", args=[link.token]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "口算练习" in body and "生字抄写" in body
    for student in (school.student_a, school.student_a2):
        assert student.name not in body and student.student_number not in body
    assert "练习册第12页" in body  # the tiers' content
    assert "logout" not in body


def test_the_public_link_expires(school, client, day):
    link = NoticeLink.objects.create(
        school_class=school.class_a,
        date=day,
        created_by=school.head,
        expires_on=day - datetime.timedelta(days=1),
    )
    assert client.get(reverse("homework:public_notice", args=[link.token])).status_code == 404
    assert client.get(reverse("homework:public_notice", args=["nonsense"])).status_code == 404


def test_a_subject_teacher_cannot_make_the_link(school, login, day, unchanged):
    url = reverse("homework:notice_link", args=[school.class_a.pk, day.isoformat()])
    with unchanged(NoticeLink):
        assert login(school.teacher).post(url).status_code == 404


def test_the_week_grid_and_its_excel_show_the_reason_breakdown_and_answer(
    school, login, day, over_day
):
    import io

    import openpyxl

    leader = login(school.leader)
    respond(leader, school, day, action="cut", note="数学口算减半")
    query = f"?grade={school.grade.pk}&week={day.isoformat()}"
    page = leader.get(reverse("homework:week") + query)
    (over,) = page.context["over_days"]
    assert [str(s.subject) for s in over["load"].subjects] == ["语文", "数学"]
    body = page.content.decode()
    assert "单元测验前复习" in body and "数学口算减半" in body
    wb = openpyxl.load_workbook(
        io.BytesIO(leader.get(reverse("homework:week_export") + query).content)
    )
    sheet = wb.worksheets[-1]
    row = [c.value for c in sheet[2]]
    assert row[0] == "三年级(1)班" and "单元测验前复习" in row[5] and "数学口算减半" in row[6]


def test_one_daily_notice_for_the_grade_counts_each_class(
    school, login, day, over_day, constant_queries
):
    client = login(school.leader)
    url = reverse("homework:day_notice") + f"?grade={school.grade.pk}&day={day.isoformat()}"
    page = client.get(url)
    notices = {str(n["school_class"]): n for n in page.context["notices"]}
    assert notices["三年级(1)班"]["total"] == 75
    assert [a.title for a in notices["三年级(1)班"]["apart"]] == ["课堂练习"]
    assert "三年级(2)班" in notices
    made = [0]

    def grow():
        from school.models import SchoolClass

        for _ in range(2):
            made[0] += 1
            c = SchoolClass.objects.create(grade=school.grade, number=10 + made[0])
            from school.models import GradeLeadership

            a = AssignmentFactory(
                term=school.term,
                school_class=c,
                subject=school.maths,
                date=day,
                set_by=school.teacher,
            )
            TierFactory(assignment=a, minutes=20)
        GradeLeadership.objects.get_or_create(
            term=school.term, grade=school.grade, teacher=school.leader
        )

    constant_queries(lambda: client.get(url), grow)
