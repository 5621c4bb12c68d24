"""Identification, cause analysis, status, plan and carry-over: the teacher's story."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from archives.models import CaseStatusChange, SupportCase, SupportMeasure
from school.models import Term

from .factories.school import SubjectFactory, TeachingAssignmentFactory, TermFactory
from .factories.students import CaseMeasureFactory, StudentFactory, SupportCaseFactory, case_a

pytestmark = pytest.mark.django_db


def identify_data(school, **extra):
    data = {
        "subject": school.maths.pk,
        "identified_on": "2026-09-10",
        "causes": ["weak_foundation", "attitude"],
        "difficulty_type": "lost_interest",
        "how_it_shows": "作业经常不交",
        "root_cause": "父母外出打工，祖父母照看",
        "evidence_green_report_note": "绿色指标：学业水平 D",
        "evidence_test_results_note": "摸底测试",
        "evidence_test_results_score": "48",
    }
    data.update(extra)
    return data


def test_teacher_identifies_a_student_with_causes_and_evidence(school, login):
    client = login(school.teacher)
    response = client.post(
        reverse("archives:case_identify", args=[school.student_a.pk]), identify_data(school)
    )
    case = SupportCase.objects.get(student=school.student_a, subject=school.maths)
    assert response.status_code == 302
    assert response["Location"] == reverse("archives:case_plan", args=[case.pk])
    assert case.cause_weak_foundation and case.cause_attitude
    assert case.difficulty_type == "lost_interest"
    assert case.identified_by == school.teacher
    assert case.identified_on == datetime.date(2026, 9, 10)
    assert list(case.responsible_teachers.all()) == [school.teacher]
    assert {e.source: (e.note, e.score) for e in case.evidence.all()} == {
        "green_report": ("绿色指标：学业水平 D", ""),
        "test_results": ("摸底测试", "48"),
    }
    change = case.status_changes.get()
    assert (change.to_status, change.changed_by) == ("identified", school.teacher)


def test_identification_needs_a_cause_and_evidence(school, login):
    client = login(school.teacher)
    data = identify_data(school, causes=[])
    for key in list(data):
        if key.startswith("evidence_"):
            data[key] = ""
    response = client.post(reverse("archives:case_identify", args=[school.student_a.pk]), data)
    assert response.status_code == 200
    assert "请至少选择一项主要成因。" in response.content.decode()
    assert not SupportCase.objects.exists()


def test_a_second_open_case_in_the_same_subject_is_a_form_error(school, login):
    case_a(school)
    client = login(school.teacher)
    response = client.post(
        reverse("archives:case_identify", args=[school.student_a.pk]), identify_data(school)
    )
    assert response.status_code == 200
    assert "已有未结案的帮扶个案" in response.content.decode()
    assert SupportCase.objects.count() == 1


def test_subject_teacher_can_only_identify_in_their_own_subjects(school, login):
    client = login(school.teacher)
    response = client.post(
        reverse("archives:case_identify", args=[school.student_a.pk]),
        identify_data(school, subject=school.chinese.pk),
    )
    assert response.status_code == 200
    assert not SupportCase.objects.exists()


def test_a_student_may_struggle_in_several_subjects(school, login):
    login(school.teacher).post(
        reverse("archives:case_identify", args=[school.student_a.pk]), identify_data(school)
    )
    login(school.head).post(
        reverse("archives:case_identify", args=[school.student_a.pk]),
        identify_data(school, subject=school.chinese.pk),
    )
    assert SupportCase.objects.filter(student=school.student_a).count() == 2


def test_three_step_plan_with_measures_puts_the_case_into_support(school, login):
    case = case_a(school)
    tutoring = SupportMeasure.objects.get(name="一对一辅导")
    client = login(school.teacher)
    page = client.get(reverse("archives:case_plan", args=[case.pk]))
    assert "降低目标，让学生初尝成功的喜悦" in page.content.decode()  # seed 000's steps
    data = {
        "goals-TOTAL_FORMS": "3",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "10",
        "goals-0-description": "降低目标，初尝成功",
        "goals-0-target": "默写简单的一组词语",
        "goals-0-due_on": "2026-10-01",
        "goals-1-description": "提升目标，充分表扬",
        "goals-1-target": "基础题都完成",
        "goals-1-due_on": "2026-11-12",
        "goals-2-description": "掌握方法，不惧困难",
        "goals-2-target": "期末合格",
        "goals-2-due_on": "2027-01-14",
        "measures": [tutoring.pk],
        "responsible_teachers": [school.teacher.pk, school.head.pk],
    }
    response = client.post(reverse("archives:case_plan", args=[case.pk]), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert [g.description for g in case.goals.all()] == [
        "降低目标，初尝成功",
        "提升目标，充分表扬",
        "掌握方法，不惧困难",
    ]
    assert [m.measure for m in case.measures.all()] == [tutoring]
    assert set(case.responsible_teachers.all()) == {school.teacher, school.head}
    assert case.status == SupportCase.Status.IN_SUPPORT
    # Record the first goal's outcome: the history keeps both versions.
    data["goals-0-outcome"] = "met"
    data["goals-0-outcome_note"] = "连续三次默写全对"
    client.post(reverse("archives:case_plan", args=[case.pk]), data)
    goal = case.goals.get(step=1)
    assert goal.outcome == "met"
    assert [h.outcome for h in goal.history.order_by("history_date")] == ["", "met"]
    assert goal.history.latest().history_user == school.teacher
    detail = client.get(reverse("archives:case_detail", args=[case.pk]))
    assert "连续三次默写全对" in detail.content.decode()
    newest = [h for h in detail.context["goal_history"] if h.step == 1][0]
    assert [(str(n), b, a) for n, b, a in newest.changes] == [
        ("结果", "待评估", "达成"),
        ("结果说明", "—", "连续三次默写全对"),
    ]


def test_status_changes_are_dated_with_who_and_why(school, login):
    case = case_a(school)
    client = login(school.teacher)
    url = reverse("archives:case_status", args=[case.pk])
    client.post(url, {"status": "in_support", "changed_on": "2026-09-15", "reason": "开始帮扶"})
    client.post(url, {"status": "improved", "changed_on": "2026-11-20", "reason": "期中合格"})
    case.refresh_from_db()
    assert case.status == SupportCase.Status.IMPROVED
    assert case.status_changed_on == datetime.date(2026, 11, 20)
    steps = list(case.status_changes.values_list("from_status", "to_status", "reason"))
    assert steps == [
        ("identified", "in_support", "开始帮扶"),
        ("in_support", "improved", "期中合格"),
    ]
    latest = list(case.history.order_by("-history_date")[:2])
    assert [(h.status, h.history_user) for h in latest] == [
        ("improved", school.teacher),
        ("in_support", school.teacher),
    ]
    page = client.get(reverse("archives:case_detail", args=[case.pk])).content.decode()
    assert "期中合格" in page


def test_closing_needs_a_reason_and_bad_steps_are_refused(school, login):
    case = case_a(school)
    client = login(school.teacher)
    url = reverse("archives:case_status", args=[case.pk])
    response = client.post(url, {"status": "closed", "changed_on": "2026-10-01", "reason": "x"})
    assert response.status_code == 200
    response = client.post(url, {"status": "identified", "changed_on": "2026-10-01", "reason": "x"})
    assert response.status_code == 200
    assert "不能改为" in response.content.decode()
    response = client.post(
        url,
        {
            "status": "closed",
            "closure_reason": "transferred_out",
            "changed_on": "2026-10-01",
            "reason": "转学",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.closure_reason) == ("closed", "transferred_out")


def test_open_cases_carry_over_into_the_new_term_each_teacher_confirming_theirs(school, login):
    old_term = school.term
    old = case_a(school)
    CaseMeasureFactory(case=old)
    head_case = SupportCaseFactory(
        student=school.student_a2, subject=school.chinese, term=old_term, identified_by=school.head
    )
    new_term = TermFactory(
        academic_year="2026-2027",
        name="第二学期",
        start=datetime.date(2027, 2, 17),
        midterm_review=datetime.date(2027, 4, 22),
        final_review=datetime.date(2027, 6, 24),
        end=datetime.date(2027, 7, 4),
    )
    Term.objects.update(is_current=False)
    new_term.is_current = True
    new_term.save()
    TeachingAssignmentFactory(
        term=new_term, teacher=school.teacher, school_class=school.class_a, subject=school.maths
    )
    # A case identified afresh in the new term does not hide the ones to carry over.
    SupportCaseFactory(student=school.student_a2, subject=school.maths, term=new_term)
    client = login(school.teacher)
    page = client.get(reverse("archives:carry_over")).content.decode()
    assert school.student_a.name in page
    assert school.student_a2.name not in page  # the head teacher's case is theirs to confirm
    client.post(reverse("archives:carry_over"), {"case": [old.pk, head_case.pk]})
    new = SupportCase.objects.get(term=new_term, carried_from__isnull=False)
    assert new.carried_from == old
    assert new.student == school.student_a and new.is_open
    assert new.measures.count() == 1
    assert not SupportCase.objects.filter(term=new_term, subject=school.chinese).exists()
    # Confirming again does not duplicate.
    client.post(reverse("archives:carry_over"), {"case": [old.pk]})
    assert SupportCase.objects.filter(term=new_term, student=school.student_a).count() == 1


def test_head_teacher_sees_every_subject_of_the_class_on_the_profile(school, login):
    case_a(school)
    SupportCaseFactory(student=school.student_a, subject=school.chinese, identified_by=school.head)
    head_page = login(school.head).get(reverse("students:detail", args=[school.student_a.pk]))
    body = head_page.content.decode()
    assert body.count('id="support-cases"') == 1
    assert "数学" in body and "语文" in body


def test_subject_teacher_sees_only_their_own_subjects_on_the_profile(school, login):
    case_a(school)
    chinese = SupportCaseFactory(
        student=school.student_a, subject=school.chinese, identified_by=school.head
    )
    page = login(school.teacher).get(reverse("students:detail", args=[school.student_a.pk]))
    body = page.content.decode()
    assert reverse("archives:case_detail", args=[case_a(school).pk]) in body
    assert reverse("archives:case_detail", args=[chinese.pk]) not in body
    assert (
        login(school.teacher).get(reverse("archives:case_detail", args=[chinese.pk])).status_code
        == 404
    )
    assert (
        login(school.teacher).get(reverse("archives:archive", args=[chinese.pk])).status_code == 404
    )


@pytest.mark.parametrize("url_name", ["archives:case_detail", "archives:archive", "archives:print"])
def test_another_class_teacher_gets_404_on_the_case_and_archive(school, login, url_name):
    case = case_a(school)
    response = login(school.stranger).get(reverse(url_name, args=[case.pk]))
    assert response.status_code == 404


def test_grade_leader_does_not_see_archives(school, login):
    case = case_a(school)
    assert login(school.leader).get(reverse("archives:archive", args=[case.pk])).status_code == 404


def test_director_of_another_subject_cannot_change_the_case(school, login):
    case = case_a(school)
    response = login(school.director).get(reverse("archives:case_plan", args=[case.pk]))
    assert response.status_code == 404


def make_cases(school, n):
    subjects = [school.maths, school.chinese] + [SubjectFactory() for _ in range(2)]
    for i in range(n):
        student = StudentFactory(school_class=school.class_a)
        case = SupportCaseFactory(
            student=student,
            subject=subjects[i % len(subjects)],
            identified_by=school.teacher,
            responsible_teachers=[school.teacher, school.head],
        )
        CaseMeasureFactory(case=case)


def count_queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url_name", ["archives:case_list", "archives:support_roster", "archives:carry_over"]
)
def test_lists_run_a_constant_number_of_queries(school, login, url_name):
    client = login(school.head)
    make_cases(school, 3)
    few = count_queries(client, reverse(url_name), None)
    make_cases(school, 30)
    many = count_queries(client, reverse(url_name), None)
    assert few == many


def test_case_list_filters_by_cause_type_status_and_search(school, login):
    case = case_a(school)
    other = SupportCaseFactory(
        student=school.student_a2,
        subject=school.maths,
        cause_weak_foundation=False,
        cause_attitude=True,
        difficulty_type="psychological_pressure",
        identified_by=school.teacher,
    )
    client = login(school.teacher)
    url = reverse("archives:case_list")

    def names(**params):
        page = client.get(url, params).context["page"]
        return {c.student.name for c in page}

    assert names() == {"张小明", "刘小红"}
    assert names(cause="attitude") == {"刘小红"}
    assert names(type="weak_foundation") == {"张小明"}
    assert names(q="A001") == {"张小明"}
    other.status = "improved"
    other.save()
    assert names() == {"张小明"}
    assert names(status="improved") == {"刘小红"}
    assert case.pk


def test_class_overview_counts_link_to_the_list(school, login):
    case_a(school)
    SupportCaseFactory(
        student=school.student_a2,
        subject=school.chinese,
        cause_attitude=True,
        identified_by=school.head,
    )
    response = login(school.head).get(reverse("archives:class_overview", args=[school.class_a.pk]))
    assert response.context["counts"]["total"] == 2
    assert response.context["counts"]["attitude"] == 1
    assert f"?school_class={school.class_a.pk}&amp;cause=attitude" in response.content.decode()


def test_support_roster_answers_who_gets_what_from_whom(school, login):
    case = case_a(school)
    CaseMeasureFactory(case=case, measure=SupportMeasure.objects.get(name="分层作业"))
    client = login(school.head)
    body = client.get(reverse("archives:support_roster")).content.decode()
    assert "分层作业" in body and "张小明" in body and "李老师" in body
    response = client.get(reverse("archives:support_roster_xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))[2:]  # under the title and caption
    assert rows[1][2] == "张小明" and rows[1][4] == "分层作业"
    # The house style of core.xlsx: widths, a frozen bold header, printable on A4.
    assert response["Content-Disposition"] == 'attachment; filename="support-roster.xlsx"'
    assert ws["A3"].font.bold and ws.freeze_panes == "A4"
    assert ws.column_dimensions["A"].width == 16 and ws.column_dimensions["H"].width == 30
    assert ws.page_setup.paperSize == 9 and ws.print_title_rows == "$3:$3"
    # Another class's teacher sees none of it.
    body = login(school.stranger).get(reverse("archives:support_roster")).content.decode()
    assert "张小明" not in body


def test_school_leader_edits_the_list_of_measures(school, login):
    client = login(school.admin)
    client.post(reverse("archives:measure_create"), {"name": "课后服务答疑", "order": 9})
    assert SupportMeasure.objects.filter(name="课后服务答疑").exists()
    # Teachers read the library (issue 16); they propose rather than add.
    assert login(school.teacher).get(reverse("archives:measure_list")).status_code == 200


def test_notes_are_shown_escaped(school, login):
    case = case_a(school)
    case.root_cause = "<script>alert(1)</script>"
    case.save()
    body = login(school.teacher).get(reverse("archives:case_detail", args=[case.pk])).content
    assert b"<script>alert(1)" not in body
    assert b"&lt;script&gt;" in body


def test_status_history_row_is_written_for_each_change(school):
    case = case_a(school)
    from archives import case_services as services

    services.change_status(
        case=case, by=school.teacher, status="in_support", on=case.identified_on, reason="计划"
    )
    assert CaseStatusChange.objects.filter(case=case).count() == 1


def test_the_early_warning_link_preselects_the_subject(school, login):
    client = login(school.teacher)
    response = client.get(
        reverse("archives:case_identify", args=[school.student_a.pk]), {"subject": school.maths.pk}
    )
    assert response.context["form"].initial["subject"] == school.maths
    response = client.get(
        reverse("archives:case_identify", args=[school.student_a.pk]),
        {"subject": school.chinese.pk},
    )
    # A subject outside the teacher's scope is not preselected: their one subject is.
    assert response.context["form"].initial["subject"] == school.maths
