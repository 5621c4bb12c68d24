"""Accounts, the dashboard, and the administrators' pages for the school's structure."""

import datetime

from django.urls import reverse

from school.models import ClassHeadship, TeachingAssignment, Term, User
from tests.factories.school import (
    ClassHeadshipFactory,
    TeachingAssignmentFactory,
    TermFactory,
    UserFactory,
)
from tests.factories.students import StudentFactory


def test_login_lands_on_the_dashboard_with_my_classes(client, school):
    response = client.post(
        reverse("login"), {"username": "teacher_a", "password": "pw-12345678"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    content = response.content.decode()
    assert "三年级(1)班" in content
    assert "三年级(2)班" not in content


def test_repeated_failed_logins_lock_the_username_at_that_address_only(client, school, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "teacher_a", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "teacher_a", "password": "pw-12345678"})
    assert locked.status_code == 429
    # A colleague behind the same school NAT can still log in.
    other = client.post(reverse("login"), {"username": "head_a", "password": "pw-12345678"})
    assert other.status_code == 302


def test_password_change(client, school):
    client.force_login(school.teacher)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-12345678",
            "new_password1": "A-new-pass-42!",
            "new_password2": "A-new-pass-42!",
        },
    )
    assert response.status_code == 302
    school.teacher.refresh_from_db()
    assert school.teacher.check_password("A-new-pass-42!")


def test_administrator_creates_a_staff_account_and_resets_its_password(client, school):
    client.force_login(school.admin)
    response = client.post(
        reverse("school:staff_create"),
        {
            "username": "newteacher",
            "full_name": "新老师",
            "position": "teacher",
            "password": "Xy-12345678",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newteacher")
    assert user.check_password("Xy-12345678")
    client.post(
        reverse("school:staff_password", args=[user.pk]),
        {"new_password1": "Reset-9876543", "new_password2": "Reset-9876543"},
    )
    user.refresh_from_db()
    assert user.check_password("Reset-9876543")


def test_teachers_cannot_open_school_settings(client, school):
    client.force_login(school.head)
    assert client.get(reverse("school:manage_home")).status_code == 403
    assert client.get(reverse("school:staff_list")).status_code == 403


def test_term_dates_out_of_order_are_refused_with_a_message(client, school):
    client.force_login(school.admin)
    response = client.post(
        reverse("school:term_create"),
        {
            "academic_year": "2027-2028",
            "name": "第一学期",
            "start": "2027-09-01",
            "midterm_review": "2027-08-01",
            "final_review": "2028-01-10",
            "end": "2028-01-20",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Dates must be in order" in response.content.decode()
    assert not Term.objects.filter(academic_year="2027-2028").exists()


def test_making_a_term_current_leaves_exactly_one_current(client, school):
    client.force_login(school.admin)
    new = TermFactory(
        academic_year="2027-2028",
        start=datetime.date(2027, 9, 1),
        midterm_review=datetime.date(2027, 11, 1),
        final_review=datetime.date(2028, 1, 10),
        end=datetime.date(2028, 1, 20),
    )
    client.post(reverse("school:term_make_current", args=[new.pk]))
    assert list(Term.objects.filter(is_current=True)) == [new]


def test_copying_roles_into_a_new_term(client, school):
    client.force_login(school.admin)
    new = TermFactory(
        academic_year="2027-2028",
        start=datetime.date(2027, 9, 1),
        midterm_review=datetime.date(2027, 11, 1),
        final_review=datetime.date(2028, 1, 10),
        end=datetime.date(2028, 1, 20),
    )
    client.post(reverse("school:term_copy", args=[new.pk]))
    assert (
        TeachingAssignment.objects.filter(term=new).count()
        == TeachingAssignment.objects.filter(term=school.term).count()
    )
    assert ClassHeadship.objects.get(term=new, school_class=school.class_a).teacher == school.head


def test_assigning_the_same_role_twice_is_a_form_error_not_a_500(client, school):
    client.force_login(school.admin)
    data = {
        "kind": "headship",
        "headship-school_class": school.class_a.pk,
        "headship-teacher": school.teacher.pk,
    }
    response = client.post(reverse("school:assignments"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert (
        ClassHeadship.objects.get(term=school.term, school_class=school.class_a).teacher
        == school.head
    )


def test_language_switch_to_english(client, school):
    client.force_login(school.teacher)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Dashboard" in client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert (
        "首页" in client.get("/").content.decode() or "工作台" in client.get("/").content.decode()
    )


def test_student_list_runs_a_constant_number_of_queries(client, school, constant_queries):
    client.force_login(school.admin)
    constant_queries(
        lambda: client.get(reverse("students:list")),
        lambda: [StudentFactory(school_class=school.class_a) for _ in range(30)],
    )


def test_staff_and_class_lists_run_a_constant_number_of_queries(client, school, constant_queries):
    from tests.factories.school import SchoolClassFactory

    client.force_login(school.admin)
    constant_queries(
        lambda: client.get(reverse("school:staff_list")),
        lambda: [UserFactory() for _ in range(30)],
    )
    constant_queries(
        lambda: client.get(reverse("school:class_list")),
        lambda: [SchoolClassFactory(grade=school.grade) for _ in range(20)],
    )
    constant_queries(
        lambda: client.get(reverse("school:assignments")),
        lambda: [TeachingAssignmentFactory(term=school.term) for _ in range(20)],
    )


def test_dashboard_runs_a_constant_number_of_queries(client, school, constant_queries):
    from tests.factories.school import SchoolClassFactory

    client.force_login(school.head)
    constant_queries(
        lambda: client.get(reverse("dashboard")),
        lambda: [
            ClassHeadshipFactory(
                term=school.term,
                teacher=school.head,
                school_class=SchoolClassFactory(grade=school.grade),
            )
            for _ in range(10)
        ],
        # One or two queries per app's panel (twelve apps give panels now): flat, not tiny.
        max_queries=32,
    )


def test_school_leader_dashboard_counts_students_by_grade_and_links_to_the_list(client, school):
    client.force_login(school.principal)
    response = client.get(reverse("dashboard"))
    panel = next(p for p in response.context["panels"] if "grades" in p.context)
    grades = {g.level: g for g in panel.context["grades"]}
    assert (grades[3].class_count, grades[3].student_count) == (2, 3)
    listed = client.get(reverse("students:list"), {"grade": school.grade.pk})
    assert {s.name for s in listed.context["page"]} == {"张小明", "刘小红", "陈小刚"}
