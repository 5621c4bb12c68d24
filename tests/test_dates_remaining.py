"""The remaining date checks of issue 12 item 1, and agreed actions corrected (item 3).

The school's today is pinned to 2026-11-29; the fixture's term runs 2026-09-01 to
2027-01-23 (mid-term review 2026-11-12). Each rule: a refused date shows one sentence
with the allowed range next to its field and saves nothing; the boundaries are accepted.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from archives import case_services
from archives.models import AgreedAction, CaseDiscussion, CaseMeasure, SupportCase, SupportMeasure
from evaluations.models import Gap
from family.models import ParentSession, SessionAttendance
from homework.models import Assignment
from inspections.models import InspectionRound
from school.models import Term
from students.models import Student

from .factories.archives import CaseDiscussionFactory
from .factories.evaluations import EvaluationFactory, EvaluationResultFactory
from .factories.family import ParentSessionFactory
from .factories.homework import DAY
from .factories.school import TeachingAssignmentFactory, TermFactory, UserFactory
from .factories.students import CaseMeasureFactory, SupportCaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def school_today(time_machine, client):
    time_machine.move_to("2026-11-29 04:00")  # noon in Asia/Shanghai
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def case(school):
    return SupportCaseFactory(
        student=school.student_a,
        subject=school.maths,
        term=school.term,
        identified_by=school.teacher,
        identified_on=datetime.date(2026, 9, 10),
    )


def errors_of(response, field, form="form"):
    return [str(e) for e in response.context[form].errors.get(field, [])]


# ---- a measure's start: between the identification and today, within the term --------


@pytest.mark.parametrize("day", [datetime.date(2026, 9, 9), datetime.date(2026, 11, 30)])
def test_a_measure_starting_outside_its_range_is_refused(school, case, day, unchanged):
    measure = SupportMeasure.objects.create(name="课后辅导")
    with (
        unchanged(CaseMeasure),
        translation.override("en"),
        pytest.raises(ValidationError) as refused,
    ):
        case_services.save_plan(
            case=case,
            by=school.teacher,
            goals=[],
            measures=[measure],
            responsible_teachers=[],
            on=day,
        )
    assert refused.value.message_dict["measures"] == [
        "The measure's start must lie between the identification (2026-09-10) and "
        "2026-11-29 (today, or the end of the term)."
    ]


@pytest.mark.parametrize("day", [datetime.date(2026, 9, 10), datetime.date(2026, 11, 29)])
def test_a_measure_starting_on_a_boundary_is_saved(school, case, day):
    measure = SupportMeasure.objects.create(name="课后辅导")
    case_services.save_plan(
        case=case,
        by=school.teacher,
        goals=[],
        measures=[measure],
        responsible_teachers=[],
        on=day,
    )
    assert case.measures.get().since == day


def test_a_past_term_case_s_new_measure_starts_at_the_end_of_its_term(school):
    old_term = TermFactory(
        start=datetime.date(2026, 2, 17),
        midterm_review=datetime.date(2026, 4, 22),
        final_review=datetime.date(2026, 6, 24),
        end=datetime.date(2026, 7, 4),
    )
    old = SupportCaseFactory(
        student=school.student_a,
        subject=school.maths,
        term=old_term,
        identified_by=school.teacher,
        identified_on=datetime.date(2026, 3, 1),
    )
    measure = SupportMeasure.objects.create(name="课后辅导")
    case_services.save_plan(
        case=old, by=school.teacher, goals=[], measures=[measure], responsible_teachers=[]
    )
    assert old.measures.get().since == datetime.date(2026, 7, 4)


# ---- a gap's due date: on or after the evaluation, within the term ----------------------


@pytest.fixture
def gap(school):
    evaluation = EvaluationFactory(
        term=school.term,
        school_class=school.class_a,
        subject=school.maths,
        created_by=school.teacher,
        date=datetime.date(2026, 10, 1),
    )
    result = EvaluationResultFactory(evaluation=evaluation, student=school.student_a, score=40)
    return Gap.objects.create(
        result=result, knowledge_point="估算", due=datetime.date(2026, 10, 15)
    )


@pytest.mark.parametrize("day", ["2026-09-30", "2027-01-24"])
def test_a_gap_due_outside_its_range_is_refused(school, login, gap, day, unchanged):
    with unchanged(Gap):
        response = login(school.teacher).post(
            reverse("evaluations:gap_edit", args=[gap.pk]), {"remediation": "课后辅导", "due": day}
        )
    assert response.status_code == 200
    assert errors_of(response, "due") == [
        "The due date must lie between the evaluation (2026-10-01) and the end of the term "
        "(2027-01-23)."
    ]


@pytest.mark.parametrize("day", ["2026-10-01", "2027-01-23"])
def test_a_gap_due_on_a_boundary_is_saved(school, login, gap, day):
    response = login(school.teacher).post(
        reverse("evaluations:gap_edit", args=[gap.pk]), {"remediation": "课后辅导", "due": day}
    )
    assert response.status_code == 302
    gap.refresh_from_db()
    assert gap.due.isoformat() == day


# ---- parent sessions: within the term, planned ahead; attendance once held -----------


def session_data(school, day):
    return {
        "kind": "parent_school",
        "school_class": school.class_a.pk,
        "topic": "阅读",
        "date": day,
    }


@pytest.mark.parametrize("day", ["2026-08-31", "2027-01-24"])
def test_a_session_outside_the_term_is_refused(school, login, day, unchanged):
    with unchanged(ParentSession):
        response = login(school.head).post(
            reverse("family:session_create"), session_data(school, day)
        )
    assert response.status_code == 200
    assert errors_of(response, "date") == [
        "The date must lie within this term (2026-09-01 to 2027-01-23)."
    ]


@pytest.mark.parametrize("day", ["2026-09-01", "2027-01-23"])
def test_a_session_on_a_term_boundary_even_ahead_is_saved(school, login, day):
    response = login(school.head).post(reverse("family:session_create"), session_data(school, day))
    assert response.status_code == 302
    assert ParentSession.objects.get().date.isoformat() == day


def test_attendance_of_a_planned_session_cannot_be_recorded_yet(school, login, case, unchanged):
    session = ParentSessionFactory(
        term=school.term, school_class=school.class_a, date=datetime.date(2026, 12, 10)
    )
    client = login(school.head)
    url = reverse("family:session", args=[session.pk])
    page = client.get(url).content.decode()
    assert "attendance can be recorded from that day on" in page
    assert 'name="attended"' not in page
    with unchanged(SessionAttendance):
        response = client.post(url, {"attended": [school.student_a.pk]}, follow=True)
    assert (
        "Attendance can be recorded from the day of the session (2026-12-10) on."
        in response.content.decode()
    )


def test_attendance_on_the_day_of_the_session_is_recorded(school, login, case):
    session = ParentSessionFactory(
        term=school.term, school_class=school.class_a, date=datetime.date(2026, 11, 29)
    )
    login(school.head).post(
        reverse("family:session", args=[session.pk]), {"attended": [school.student_a.pk]}
    )
    assert SessionAttendance.objects.get().attended


# ---- a student's status: between the previous change and today -------------------------


@pytest.fixture
def student(school):
    Student.objects.filter(pk=school.student_a.pk).update(
        status_changed_on=datetime.date(2026, 9, 1)
    )
    return school.student_a


@pytest.mark.parametrize("day", ["2026-08-31", "2026-11-30"])
def test_a_status_change_outside_its_range_is_refused(school, login, student, day, unchanged):
    with unchanged(Student):
        response = login(school.principal).post(
            reverse("students:status", args=[student.pk]),
            {"status": Student.Status.TRANSFERRED_OUT, "date": day, "note": ""},
        )
    assert response.status_code == 200
    assert errors_of(response, "date") == [
        "The date must lie between the previous status change (2026-09-01) and today (2026-11-29)."
    ]


@pytest.mark.parametrize("day", ["2026-09-01", "2026-11-29"])
def test_a_status_change_on_a_boundary_is_saved(school, login, student, day):
    response = login(school.principal).post(
        reverse("students:status", args=[student.pk]),
        {"status": Student.Status.TRANSFERRED_OUT, "date": day, "note": ""},
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.status_changed_on.isoformat() == day


# ---- homework: within its term (set ahead allowed) ---------------------------------------


def homework_data(school, day):
    return {
        "pair": f"{school.class_a.pk}-{school.maths.pk}",
        "date": day,
        "title": "两位数加法",
        "unit": "第四单元",
        "phase": "after",
        "kind": "written",
        "default_level": "basic",
        "basic_content": "口算20题",
        "basic_minutes": 20,
        "over_limit_reason": "",
    }


def test_homework_outside_its_term_is_refused(school, login, unchanged):
    with unchanged(Assignment):
        response = login(school.teacher).post(
            reverse("homework:create"), homework_data(school, "2027-01-25")
        )
    assert response.status_code == 200
    assert errors_of(response, "date") == [
        "The date must lie within this term (2026-09-01 to 2027-01-23)."
    ]


@pytest.mark.parametrize("day", [DAY.isoformat(), "2027-01-22"])
def test_homework_within_its_term_even_ahead_is_saved(school, login, day):
    response = login(school.teacher).post(reverse("homework:create"), homework_data(school, day))
    assert response.status_code == 302
    assert Assignment.objects.get().date.isoformat() == day


# ---- inspection rounds: due within the term; the default not already past ------------


def round_data(school, day):
    backbone = UserFactory(username="backbone")
    return {
        "kind": "midterm",
        "subject": school.chinese.pk,
        "due": day,
        "inspectors": [backbone.pk],
    }


@pytest.mark.parametrize("day", ["2026-08-31", "2027-01-24"])
def test_a_round_due_outside_the_term_is_refused(school, login, day, unchanged):
    with unchanged(InspectionRound):
        response = login(school.director).post(
            reverse("inspections:round_create"), round_data(school, day)
        )
    assert response.status_code == 200
    assert errors_of(response, "due") == [
        "The date must lie within this term (2026-09-01 to 2027-01-23)."
    ]


def test_a_round_due_on_the_last_day_of_term_is_saved(school, login):
    response = login(school.director).post(
        reverse("inspections:round_create"), round_data(school, "2027-01-23")
    )
    assert response.status_code == 302
    assert InspectionRound.objects.get().due == datetime.date(2027, 1, 23)


def test_a_new_round_is_due_today_once_the_midterm_review_has_passed(school, login):
    response = login(school.director).get(reverse("inspections:round_create"))
    assert response.context["form"].instance.due == datetime.date(2026, 11, 29)


def test_a_new_round_is_due_at_the_midterm_review_before_it(school, login, time_machine):
    time_machine.move_to("2026-10-08 04:00")
    response = login(school.director).get(reverse("inspections:round_create"))
    assert response.context["form"].instance.due == datetime.date(2026, 11, 12)


# ---- carrying a case over: identified within the new term, not after today ------------


def test_a_carried_case_is_identified_today_within_the_new_term(school, login, case, time_machine):
    CaseMeasureFactory(case=case, since=datetime.date(2026, 9, 15))
    new_term = TermFactory(
        academic_year="2026-2027",
        name="第二学期",
        start=datetime.date(2027, 2, 17),
        midterm_review=datetime.date(2027, 4, 22),
        final_review=datetime.date(2027, 6, 24),
        end=datetime.date(2027, 7, 4),
    )
    Term.objects.update(is_current=False)
    Term.objects.filter(pk=new_term.pk).update(is_current=True)
    TeachingAssignmentFactory(
        term=new_term, teacher=school.teacher, school_class=school.class_a, subject=school.maths
    )
    time_machine.move_to("2027-03-01 04:00")
    login(school.teacher).post(reverse("archives:carry_over"), {"case": [case.pk]})
    new = SupportCase.objects.get(term=new_term)
    assert new.identified_on == datetime.date(2027, 3, 1)
    assert new.status_changed_on == datetime.date(2027, 3, 1)
    assert new.measures.get().since == datetime.date(2027, 3, 1)


def test_carrying_into_a_term_already_over_identifies_on_its_last_day(school, case):
    later = TermFactory(
        start=datetime.date(2026, 9, 1),
        midterm_review=datetime.date(2026, 10, 1),
        final_review=datetime.date(2026, 11, 1),
        end=datetime.date(2026, 11, 10),
    )
    [new] = case_services.carry_over(cases=[case], to_term=later, by=school.teacher)
    assert new.identified_on == datetime.date(2026, 11, 10)


# ---- agreed actions corrected with their discussion (item 3) ---------------------------


@pytest.fixture
def discussion(school, case):
    discussion = CaseDiscussionFactory(
        case=case, author=school.teacher, date=datetime.date(2026, 11, 20)
    )
    discussion.participants.set([school.teacher])
    AgreedAction.objects.create(
        discussion=discussion,
        description="每天面批",
        owner=school.teacher,
        due_on=datetime.date(2026, 12, 1),
    )
    return discussion


def correction_data(discussion, action, **changes):
    data = {
        "date": discussion.date.isoformat(),
        "ideas": discussion.ideas,
        "participants": [p.pk for p in discussion.participants.all()],
        f"action-{action.pk}-description": action.description,
        f"action-{action.pk}-owner": action.owner_id,
        f"action-{action.pk}-due_on": action.due_on.isoformat(),
    }
    data.update(
        {
            (key if key in ("date", "ideas") else f"action-{action.pk}-{key}"): value
            for key, value in changes.items()
        }
    )
    return data


def test_the_correction_page_edits_the_agreed_actions_with_history(school, login, discussion):
    action = discussion.actions.get()
    client = login(school.teacher)
    url = reverse("archives:discussion_edit", args=[discussion.pk])
    page = client.get(url).content.decode()
    assert f'name="action-{action.pk}-description"' in page and "每天面批" in page
    response = client.post(
        url,
        correction_data(
            discussion,
            action,
            description="每周面批三次",
            owner=school.head.pk,
            due_on="2026-11-20",
        ),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.owner, action.due_on) == (
        "每周面批三次",
        school.head,
        datetime.date(2026, 11, 20),
    )
    before, after = action.history.order_by("history_date")
    assert before.description == "每天面批"
    assert (after.description, after.history_user) == ("每周面批三次", school.teacher)
    discussion.refresh_from_db()
    assert discussion.corrected_at is not None


def test_an_action_due_before_the_discussion_is_refused_next_to_it(
    school, login, discussion, unchanged
):
    action = discussion.actions.get()
    with unchanged(AgreedAction, CaseDiscussion):
        response = login(school.teacher).post(
            reverse("archives:discussion_edit", args=[discussion.pk]),
            correction_data(discussion, action, due_on="2026-11-19", ideas="改了"),
        )
    assert response.status_code == 200
    [(_action, form)] = response.context["action_forms"]
    assert [str(e) for e in form.errors["due_on"]] == [
        "The due date cannot be before the discussion (2026-11-20)."
    ]


def test_moving_the_discussion_after_an_action_s_due_date_is_refused(
    school, login, discussion, unchanged
):
    action = discussion.actions.get()
    with unchanged(AgreedAction, CaseDiscussion):
        response = login(school.teacher).post(
            reverse("archives:discussion_edit", args=[discussion.pk]),
            correction_data(discussion, action, date="2026-11-25", due_on="2026-11-24"),
        )
    [(_action, form)] = response.context["action_forms"]
    assert [str(e) for e in form.errors["due_on"]] == [
        "The due date cannot be before the discussion (2026-11-25)."
    ]


def test_another_teacher_cannot_correct_the_actions(school, login, discussion, unchanged):
    action = discussion.actions.get()
    with unchanged(AgreedAction, CaseDiscussion):
        response = login(school.stranger).post(
            reverse("archives:discussion_edit", args=[discussion.pk]),
            correction_data(discussion, action, description="x"),
        )
    assert response.status_code == 404


def test_the_gap_refusal_reads_in_chinese(school, login, gap):
    response = login(school.teacher).post(
        reverse("evaluations:gap_edit", args=[gap.pk]),
        {"remediation": "课后辅导", "due": "2026-09-30"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert errors_of(response, "due") == [
        "完成期限须在测评日期（2026-10-01）至学期结束（2027-01-23）之间。"
    ]
