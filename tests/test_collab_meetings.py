"""Team meetings (帮扶会商): the agenda Bangfu builds, running the meeting on one page,
the recap printed, exported and stored in each student's archive, and its actions
reaching their owners."""

from __future__ import annotations

import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from archives.models import AgreedAction, CaseDiscussion, SupportCase, SupportGoal
from collab.models import MeetingAction, MeetingItem, TeamMeeting
from school.models import today

from .factories.archives import CaseDiscussionFactory, ObservationFactory
from .factories.collab import meeting_a
from .factories.students import SupportCaseFactory, case_a


def _open(client, school, **extra):
    data = {"kind": "class", "school_class": school.class_a.pk, "date": today().isoformat()}
    data.update(extra)
    return client.post(reverse("collab:meeting_create"), data)


def _fresh_case(school, student, subject):
    case = SupportCaseFactory(
        student=student, subject=subject, term=school.term, identified_by=school.head
    )
    ObservationFactory(case=case, author=school.head, date=today())
    return case


def test_the_agenda_lists_the_class_students_with_reasons(school, login):
    stale = case_a(school)  # identified at the term's start, nothing logged since: stale
    fresh = _fresh_case(school, school.student_a2, school.chinese)
    SupportGoal.objects.create(
        case=fresh, step=1, description="降低目标", due_on=today() + datetime.timedelta(days=3)
    )
    _fresh_case(school, school.student_a2, school.maths)  # nothing to talk about
    other_class = SupportCaseFactory(
        student=school.student_b,
        subject=school.maths,
        term=school.term,
        identified_by=school.stranger,
    )
    response = _open(login(school.head), school)
    meeting = TeamMeeting.objects.get()
    assert response.status_code == 302
    items = {i.student_id: i for i in meeting.items.all()}
    assert set(items) == {school.student_a.pk, school.student_a2.pk}
    assert items[school.student_a.pk].case == stale
    assert any(
        "does the support need changing" in r or "帮扶措施" in r
        for r in items[school.student_a.pk].reasons
    )
    assert items[school.student_a2.pk].case == fresh
    assert any(
        "review" in r or "回顾" in r or "复查" in r for r in items[school.student_a2.pk].reasons
    )
    assert other_class.student_id not in items
    # Everyone who teaches the class attends by default.
    assert set(meeting.attendees.all()) == {school.head, school.teacher}


def test_early_warnings_and_overdue_home_visits_reach_the_agenda(school, login):
    from decimal import Decimal

    from .factories.evaluations import EvaluationFactory, EvaluationResultFactory

    for day, score in ((5, 50), (12, 45)):
        evaluation = EvaluationFactory(
            term=school.term,
            school_class=school.class_a,
            subject=school.maths,
            kind="unit",
            date=datetime.date(2026, 9, day),
            created_by=school.teacher,
        )
        EvaluationResultFactory(
            evaluation=evaluation, student=school.student_a2, score=Decimal(score)
        )
    client = login(school.head)
    client.cookies["django_language"] = "zh-hans"
    _fresh_case(school, school.student_a, school.chinese)  # struggling, never visited
    _open(client, school)
    items = {i.student_id: i for i in MeetingItem.objects.all()}
    warned = items[school.student_a2.pk]
    assert warned.case is None  # not identified yet: the meeting may decide to
    assert any("预警" in r for r in warned.reasons)
    assert any("家访已逾期" in r for r in items[school.student_a.pk].reasons)


def test_a_subject_meeting_of_a_director_keeps_its_subject(school, login):
    case_a(school)  # maths, stale
    chinese = SupportCaseFactory(
        student=school.student_a2,
        subject=school.chinese,
        term=school.term,
        identified_by=school.head,
    )
    client = login(school.director)
    _open(client, school, kind="subject", subject=school.chinese.pk, school_class="")
    meeting = TeamMeeting.objects.get()
    assert [(i.student, i.case) for i in meeting.items.all()] == [(school.student_a2, chinese)]


def test_overdue_actions_put_a_student_on_the_agenda(school, login):
    case = case_a(school)
    ObservationFactory(case=case, author=school.teacher, date=today())  # not stale
    discussion = CaseDiscussionFactory(
        case=case, author=school.teacher, date=datetime.date(2026, 9, 20)
    )
    AgreedAction.objects.create(
        discussion=discussion,
        description="家访一次",
        owner=school.head,
        due_on=datetime.date(2026, 10, 1),
    )
    _open(login(school.head), school)
    item = MeetingItem.objects.get()
    assert item.student == school.student_a
    assert any("家访一次" in r for r in item.reasons)


def test_a_subject_teacher_cannot_open_a_class_meeting(school, login, unchanged):
    with unchanged(TeamMeeting):
        response = _open(login(school.teacher), school)
    assert response.status_code == 403


def test_the_organiser_adds_and_removes_students(school, login):
    case_a(school)
    client = login(school.head)
    _open(client, school)
    meeting = TeamMeeting.objects.get()
    item = meeting.items.get()
    url = reverse("collab:meeting", args=[meeting.pk])
    client.post(
        url,
        {
            "attendees": [school.head.pk],
            "add_student": school.student_a2.pk,
            f"item-{item.pk}-remove": "on",
        },
    )
    item.refresh_from_db()
    assert item.removed
    added = meeting.items.get(student=school.student_a2)
    assert added.added_by_hand and added.case is None


def _run_and_record(school, client, meeting, item):
    return client.post(
        reverse("collab:meeting", args=[meeting.pk]),
        {
            "attendees": [school.head.pk, school.teacher.pk],
            f"item-{item.pk}-decision": "先降低目标，每周两次面批",
            f"item-{item.pk}-new_status": "in_support",
            f"item-{item.pk}-action_description": "每周两次面批",
            f"item-{item.pk}-action_owner": school.teacher.pk,
            f"item-{item.pk}-action_due_on": (today() + datetime.timedelta(days=14)).isoformat(),
            "record": "1",
        },
    )


def test_the_recap_goes_into_the_archive_and_the_action_to_its_owner(school, login):
    case = case_a(school)
    client = login(school.head)
    client.cookies["django_language"] = "zh-hans"
    _open(client, school)
    meeting = TeamMeeting.objects.get()
    item = meeting.items.get()
    response = _run_and_record(school, client, meeting, item)
    assert response.status_code == 302
    assert response["Location"] == reverse("collab:recap", args=[meeting.pk])
    discussion = CaseDiscussion.objects.get(case=case)
    assert "先降低目标，每周两次面批" in discussion.ideas
    assert "张小明 从 李老师 那里得到“每周两次面批”" in discussion.ideas
    assert set(discussion.participants.all()) == {school.head, school.teacher}
    action = AgreedAction.objects.get(discussion=discussion)
    assert action.owner == school.teacher
    case.refresh_from_db()
    assert case.status == SupportCase.Status.IN_SUPPORT
    # The owner's to-dos.
    todo = login(school.teacher).get(reverse("archives:my_actions"))
    assert action in list(todo.context["page"])
    # Recording again changes nothing.
    client = login(school.head)
    _run_and_record(school, client, meeting, item)
    assert CaseDiscussion.objects.filter(case=case).count() == 1
    assert MeetingAction.objects.count() == 1


def test_the_recap_prints_and_exports(school, login):
    case_a(school)
    client = login(school.head)
    client.cookies["django_language"] = "zh-hans"
    _open(client, school)
    meeting = TeamMeeting.objects.get()
    _run_and_record(school, client, meeting, meeting.items.get())
    page = client.get(reverse("collab:recap", args=[meeting.pk])).content.decode()
    recap = page.split('id="recap"')[1]
    assert "张小明" in recap and "从 李老师 那里得到" in recap and "data-print" in page
    response = client.get(reverse("collab:recap_xlsx", args=[meeting.pk]))
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    flat = [str(v) for row in values for v in row if v is not None]
    assert "张小明" in flat and "每周两次面批" in flat and "李老师" in flat


def test_an_action_due_before_the_meeting_is_refused_and_nothing_changes(school, login, unchanged):
    case_a(school)
    client = login(school.head)
    _open(client, school)
    meeting = TeamMeeting.objects.get()
    item = meeting.items.get()
    with unchanged(MeetingAction, MeetingItem, CaseDiscussion, AgreedAction):
        response = client.post(
            reverse("collab:meeting", args=[meeting.pk]),
            {
                "attendees": [school.head.pk],
                f"item-{item.pk}-decision": "要保留的决定",
                f"item-{item.pk}-action_description": "补一次家访",
                f"item-{item.pk}-action_owner": school.head.pk,
                f"item-{item.pk}-action_due_on": "2026-09-02",
            },
        )
    assert response.status_code == 200
    assert response.context["run_form"].non_field_errors()
    assert "要保留的决定" in response.content.decode()


def test_a_stranger_gets_404_and_a_subject_teacher_sees_only_their_subject(school, login):
    meeting = meeting_a(school)
    assert (
        login(school.stranger).get(reverse("collab:meeting", args=[meeting.pk])).status_code == 404
    )
    chinese = SupportCaseFactory(
        student=school.student_a2,
        subject=school.chinese,
        term=school.term,
        identified_by=school.head,
    )
    MeetingItem.objects.create(meeting=meeting, student=school.student_a2, case=chinese)
    meeting.attendees.add(school.teacher)
    page = login(school.teacher).get(reverse("collab:meeting", args=[meeting.pk]))
    students = [i.student for i, _f in page.context["item_forms"]]
    assert students == [school.student_a]  # the 语文 case is not the maths teacher's


def test_the_meeting_page_runs_a_constant_number_of_queries(school, login, constant_queries):
    meeting = meeting_a(school)
    client = login(school.head)

    numbers = iter(range(1000))

    def grow():
        for _n in range(6):
            n = next(numbers)
            from .factories.students import StudentFactory

            student = StudentFactory(school_class=school.class_a, student_number=f"Q{n:03d}")
            case = SupportCaseFactory(
                student=student, subject=school.chinese, term=school.term, identified_by=school.head
            )
            ObservationFactory(case=case, author=school.head, rating=2)
            ObservationFactory(case=case, author=school.head, rating=4)
            SupportGoal.objects.create(case=case, step=1, description="降低目标")
            item = MeetingItem.objects.create(meeting=meeting, student=student, case=case)
            MeetingAction.objects.create(
                item=item, description="面批", owner=school.teacher, due_on=today()
            )

    constant_queries(
        lambda: client.get(reverse("collab:meeting", args=[meeting.pk])), grow, max_queries=60
    )
    constant_queries(
        lambda: client.get(reverse("collab:recap", args=[meeting.pk])), grow, max_queries=60
    )
