"""The erase page: a school leader confirms with the student number; others get a 404."""

from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse

from core.anonymise import ERASED_NAME
from students.models import Student


def test_administrator_sees_what_goes_and_a_wrong_number_erases_nothing(login, school):
    client = login(school.admin)
    url = reverse("students:erase", args=[school.student_a.pk])
    page = client.get(url).content.decode()
    assert "张小明" in page and "学号" in page

    response = client.post(url, {"confirm_number": "A002"})
    assert "这不是该学生的学号" in response.content.decode()
    school.student_a.refresh_from_db()
    assert school.student_a.name == "张小明"

    response = client.post(url, {"confirm_number": "A001"})
    assert response.status_code == 302
    school.student_a.refresh_from_db()
    assert school.student_a.name == ERASED_NAME
    assert not Student.objects.filter(student_number="A001").exists()


def test_head_teacher_cannot_erase(login, school):
    client = login(school.head)
    response = client.post(
        reverse("students:erase", args=[school.student_a.pk]), {"confirm_number": "A001"}
    )
    assert response.status_code == 404
    school.student_a.refresh_from_db()
    assert school.student_a.name == "张小明"


def test_nightly_task_erases_only_leavers_past_retention(school, settings):
    import datetime

    from students.tasks import erase_expired_students

    settings.STUDENT_RETENTION_YEARS = 3
    Student.objects.filter(pk=school.student_a.pk).update(
        status=Student.Status.GRADUATED, status_changed_on=datetime.date(2023, 6, 30)
    )
    Student.objects.filter(pk=school.student_b.pk).update(
        status=Student.Status.TRANSFERRED_OUT, status_changed_on=datetime.date(2024, 1, 10)
    )
    assert erase_expired_students("2026-07-01") == 1
    assert erase_expired_students("2026-07-01") == 0  # idempotent
    names = dict(Student.objects.values_list("pk", "name"))
    assert names[school.student_a.pk] == ERASED_NAME
    assert names[school.student_b.pk] == "陈小刚"
    assert names[school.student_a2.pk] == "刘小红"


def test_command_erases_by_number(school):
    call_command("erase_student", "A002", "--no-input", stdout=open("/dev/null", "w"))
    school.student_a2.refresh_from_db()
    assert school.student_a2.name == ERASED_NAME
