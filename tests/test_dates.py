"""Every date a user enters is checked against what it belongs to (issue 12 item 1).

The school's today is pinned to 2026-11-29; the fixture's term runs 2026-09-01 to
2027-01-23. Each rule: a refused date shows one sentence with the allowed range next
to its field and saves nothing; the boundary dates are accepted.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from archives.models import (
    AgreedAction,
    CaseDiscussion,
    CaseStatusChange,
    Observation,
    SupportCase,
    TutoringSession,
)
from evaluations.models import Evaluation
from family.models import FamilyContact
from homework.models import MarkingRecord
from students.models import Student

from .factories.homework import AssignmentFactory
from .factories.students import SupportCaseFactory

pytestmark = pytest.mark.django_db

TERM_RANGE_TODAY = "2026-09-01 to 2027-01-23) and not after today (2026-11-29)"


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


# ---- observations and tutoring: within the term, not after today ---------------------


@pytest.mark.parametrize("day", ["2026-11-30", "2027-06-30", "2026-08-31", "2020-01-01"])
def test_observation_outside_the_term_or_after_today_is_refused(school, login, case, day):
    response = login(school.teacher).post(
        reverse("archives:observation_add", args=[case.pk]),
        {"date": day, "kind": "classroom", "rating": 3, "note": "认真"},
    )
    assert response.status_code == 200
    [message] = errors_of(response, "date")
    assert TERM_RANGE_TODAY in message
    assert not Observation.objects.exists()


def test_the_refusal_reads_in_chinese(school, login, case):
    response = login(school.teacher).post(
        reverse("archives:observation_add", args=[case.pk]),
        {"date": "2027-06-30", "kind": "classroom", "rating": 3},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert errors_of(response, "date") == [
        "日期须在本学期内（2026-09-01 至 2027-01-23），且不晚于今天（2026-11-29）。"
    ]


@pytest.mark.parametrize("day", ["2026-09-01", "2026-11-29"])
def test_observation_on_the_first_day_of_term_or_today_is_saved(school, login, case, day):
    response = login(school.teacher).post(
        reverse("archives:observation_add", args=[case.pk]),
        {"date": day, "kind": "classroom", "rating": 3, "note": "认真"},
    )
    assert response.status_code == 302
    assert Observation.objects.get().date == datetime.date.fromisoformat(day)


def test_correcting_an_observation_into_the_future_is_refused(school, login, case):
    obs = Observation.objects.create(
        case=case,
        author=school.teacher,
        date=datetime.date(2026, 11, 1),
        kind="classroom",
        rating=3,
    )
    response = login(school.teacher).post(
        reverse("archives:observation_edit", args=[obs.pk]),
        {"date": "2027-05-01", "kind": "classroom", "rating": 3, "note": ""},
    )
    assert TERM_RANGE_TODAY in errors_of(response, "date")[0]
    obs.refresh_from_db()
    assert obs.date == datetime.date(2026, 11, 1)


def test_lesson_log_dated_after_today_is_refused(school, login, case):
    url = reverse("archives:lesson_log", args=[school.class_a.pk, school.maths.pk])
    response = login(school.teacher).post(
        url,
        {"date": "2026-12-01", "kind": "classroom", f"row-{case.pk}-rating": "3"},
    )
    assert response.status_code == 200
    assert TERM_RANGE_TODAY in errors_of(response, "date", form="lesson")[0]
    assert not Observation.objects.exists()


def test_tutoring_before_the_term_is_refused(school, login, case):
    response = login(school.teacher).post(
        reverse("archives:tutoring_add", args=[case.pk]),
        {"date": "2026-08-20", "content": "分数加减", "result": "", "rating": 3},
    )
    assert TERM_RANGE_TODAY in errors_of(response, "date")[0]
    assert not TutoringSession.objects.exists()


# ---- discussions and their agreed actions -------------------------------------------


def discussion_data(school, date, due):
    return {
        "date": date,
        "participants": [school.teacher.pk],
        "ideas": "分层作业",
        "action-0-description": "每周面批",
        "action-0-owner": school.teacher.pk,
        "action-0-due_on": due,
    }


def test_action_due_before_its_discussion_is_refused(school, login, case):
    response = login(school.teacher).post(
        reverse("archives:discussion_add", args=[case.pk]),
        discussion_data(school, "2026-11-20", "2026-11-19"),
    )
    assert response.status_code == 200
    assert "The due date cannot be before the discussion (2026-11-20)." in (
        response.content.decode()
    )
    assert not CaseDiscussion.objects.exists()


def test_action_due_on_the_day_of_the_discussion_is_saved(school, login, case):
    response = login(school.teacher).post(
        reverse("archives:discussion_add", args=[case.pk]),
        discussion_data(school, "2026-11-20", "2026-11-20"),
    )
    assert response.status_code == 302
    assert AgreedAction.objects.get().due_on == datetime.date(2026, 11, 20)


# ---- identification, status, plan ------------------------------------------------------


def identify_data(school, day):
    return {
        "subject": school.maths.pk,
        "identified_on": day,
        "causes": ["weak_foundation"],
        "difficulty_type": "lost_interest",
        "evidence_test_results_note": "摸底测试",
    }


def test_identification_after_the_term_is_refused(school, login):
    response = login(school.teacher).post(
        reverse("archives:case_identify", args=[school.student_a.pk]),
        identify_data(school, "2027-02-01"),
    )
    assert response.status_code == 200
    assert TERM_RANGE_TODAY in errors_of(response, "identified_on")[0]
    assert not SupportCase.objects.exists()


def test_identification_on_the_first_day_of_term_is_saved(school, login):
    response = login(school.teacher).post(
        reverse("archives:case_identify", args=[school.student_a.pk]),
        identify_data(school, "2026-09-01"),
    )
    assert response.status_code == 302
    assert SupportCase.objects.get().identified_on == datetime.date(2026, 9, 1)


def test_status_change_before_the_identification_is_refused(school, login, case):
    url = reverse("archives:case_status", args=[case.pk])
    response = login(school.teacher).post(
        url, {"status": "in_support", "changed_on": "2026-09-09", "reason": "开始帮扶"}
    )
    assert response.status_code == 200
    assert errors_of(response, "changed_on") == [
        "The date must lie between the identification (2026-09-10) and today (2026-11-29)."
    ]
    case.refresh_from_db()
    assert case.status == SupportCase.Status.IDENTIFIED


def test_status_change_on_the_identification_day_is_saved(school, login, case):
    url = reverse("archives:case_status", args=[case.pk])
    response = login(school.teacher).post(
        url, {"status": "in_support", "changed_on": "2026-09-10", "reason": "开始帮扶"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == SupportCase.Status.IN_SUPPORT


def plan_data(school, due):
    return {
        "goals-TOTAL_FORMS": "1",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "10",
        "goals-0-description": "降低目标",
        "goals-0-due_on": due,
        "responsible_teachers": [school.teacher.pk],
    }


@pytest.mark.parametrize("due", ["2026-09-09", "2027-01-24"])
def test_plan_step_outside_identification_to_term_end_is_refused(school, login, case, due):
    response = login(school.teacher).post(
        reverse("archives:case_plan", args=[case.pk]), plan_data(school, due)
    )
    assert response.status_code == 200
    [message] = response.context["formset"].forms[0].errors["due_on"]
    assert message == (
        "The date must lie between the identification (2026-09-10) "
        "and the end of the term (2027-01-23)."
    )
    assert not case.goals.exists()


def test_plan_step_due_at_the_end_of_term_is_saved(school, login, case):
    response = login(school.teacher).post(
        reverse("archives:case_plan", args=[case.pk]), plan_data(school, "2027-01-23")
    )
    assert response.status_code == 302
    assert case.goals.get().due_on == datetime.date(2027, 1, 23)


# ---- correcting the identification date ------------------------------------------------


def test_head_teacher_corrects_the_identification_date_with_history(school, login, case):
    CaseStatusChange.objects.create(
        case=case, to_status="identified", changed_on=case.identified_on, changed_by=school.teacher
    )
    url = reverse("archives:case_identification_date", args=[case.pk])
    response = login(school.head).post(url, {"identified_on": "2026-09-05", "reason": "笔误"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.identified_on == datetime.date(2026, 9, 5)
    assert case.history.first().history_change_reason.startswith(
        "Identification date corrected from 2026-09-10 to 2026-09-05"
    )
    opening, note = case.status_changes.order_by("created_at")
    assert opening.changed_on == datetime.date(2026, 9, 5)
    assert "笔误" in note.reason and note.changed_by == school.head
    page = login(school.head).get(reverse("archives:case_detail", args=[case.pk]))
    assert "2026-09-10 to 2026-09-05" in page.content.decode()
    # The status rule follows the corrected date.
    response = login(school.teacher).post(
        reverse("archives:case_status", args=[case.pk]),
        {"status": "in_support", "changed_on": "2026-09-06", "reason": "开始帮扶"},
    )
    assert response.status_code == 302


def test_identification_date_cannot_move_after_a_later_status_change(school, login, case):
    CaseStatusChange.objects.create(
        case=case,
        from_status="identified",
        to_status="in_support",
        changed_on=datetime.date(2026, 9, 20),
        changed_by=school.teacher,
    )
    url = reverse("archives:case_identification_date", args=[case.pk])
    response = login(school.teacher).post(url, {"identified_on": "2026-09-21", "reason": "改"})
    assert errors_of(response, "identified_on") == [
        "The identification cannot be after the status change of 2026-09-20."
    ]
    response = login(school.teacher).post(url, {"identified_on": "2026-12-01", "reason": "改"})
    assert TERM_RANGE_TODAY in errors_of(response, "identified_on")[0]
    case.refresh_from_db()
    assert case.identified_on == datetime.date(2026, 9, 10)


def test_only_owner_head_teacher_and_leaders_correct_the_date(school, login, case):
    url = reverse("archives:case_identification_date", args=[case.pk])
    assert login(school.stranger).get(url).status_code == 404
    assert login(school.director).get(url).status_code == 404  # directs Chinese, not maths
    for user in (school.teacher, school.head, school.principal):
        assert login(user).get(url).status_code == 200


# ---- family contacts -----------------------------------------------------------------


def contact_data(date, next_on=""):
    return {"date": date, "channel": "home_visit", "summary": "家访", "next_contact_on": next_on}


def test_home_visit_dated_after_today_is_refused(school, login):
    response = login(school.head).post(
        reverse("family:contact_create", args=[school.student_a.pk]), contact_data("2027-05-01")
    )
    assert response.status_code == 200
    assert TERM_RANGE_TODAY in errors_of(response, "date")[0]
    assert not FamilyContact.objects.exists()


def test_next_contact_must_come_after_the_contact(school, login):
    url = reverse("family:contact_create", args=[school.student_a.pk])
    response = login(school.head).post(url, contact_data("2026-11-20", "2026-11-20"))
    assert errors_of(response, "next_contact_on") == [
        "The next contact must be after this contact (2026-11-20)."
    ]
    assert not FamilyContact.objects.exists()
    response = login(school.head).post(url, contact_data("2026-11-29", "2026-11-30"))
    assert response.status_code == 302
    assert FamilyContact.objects.get().next_contact_on == datetime.date(2026, 11, 30)


# ---- homework marking and evaluations --------------------------------------------------


def test_homework_dated_after_today_cannot_be_marked(school, login, case):
    assignment = AssignmentFactory(
        school_class=school.class_a,
        subject=school.maths,
        set_by=school.teacher,
        date=datetime.date(2026, 12, 2),
    )
    response = login(school.teacher).post(
        reverse("homework:marking", args=[assignment.pk]),
        {
            f"s{school.student_a.pk}_record": "on",
            f"s{school.student_a.pk}_submitted": "on",
            f"s{school.student_a.pk}_quality": "A",
        },
    )
    assert response.status_code == 200
    assert "Homework dated 2026-12-02" in response.content.decode()
    assert not MarkingRecord.objects.exists()


def test_evaluation_dated_after_today_is_refused(school, login):
    data = {
        "school_class": school.class_a.pk,
        "subject": school.maths.pk,
        "kind": "unit",
        "name": "第三单元",
        "date": "2026-12-15",
        "scale": "score",
        "full_marks": "100",
        "pass_line": "60",
    }
    client = login(school.teacher)
    response = client.post(reverse("evaluations:create"), data)
    assert TERM_RANGE_TODAY in errors_of(response, "date")[0]
    assert not Evaluation.objects.exists()
    response = client.post(reverse("evaluations:create"), {**data, "date": "2026-11-29"})
    assert response.status_code == 302


# ---- dates of birth ---------------------------------------------------------------------


def test_date_of_birth_must_fit_a_school_child(school, login):
    url = reverse("students:edit", args=[school.student_a.pk])
    data = {
        "student_number": "A001",
        "name": "张小明",
        "gender": "M",
        "school_class": school.class_a.pk,
    }
    client = login(school.principal)
    response = client.post(url, {**data, "date_of_birth": "2000-01-01"})
    assert errors_of(response, "date_of_birth") == [
        "A school child's date of birth lies between 2007-11-30 and 2021-11-29."
    ]
    school.student_a.refresh_from_db()
    assert school.student_a.date_of_birth != datetime.date(2000, 1, 1)
    for day in ("2007-11-30", "2021-11-29"):
        assert client.post(url, {**data, "date_of_birth": day}).status_code == 302


def test_roster_import_refuses_a_date_of_birth_no_pupil_has(school, login):
    wb = Workbook()
    ws = wb.active
    ws.append(["学号", "姓名", "性别", "班级", "出生日期"])
    ws.append(["A009", "王小二", "男", "三年级(1)班", "2024-03-01"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "roster.xlsx"
    response = login(school.principal).post(reverse("students:import"), {"file": buffer})
    assert "date of birth lies between 2007-11-30 and 2021-11-29" in response.content.decode()
    assert not Student.objects.filter(student_number="A009").exists()
