"""A roster import that cannot surprise: a preview before anything is written, changes of
name or class accepted row by row or for all, confirm or cancel, the example row skipped."""

from __future__ import annotations

import datetime
import io
import uuid

from django.urls import reverse
from openpyxl import Workbook, load_workbook

from students.models import Student

from .factories.students import StudentFactory

URL = "/students/import/"


def workbook(rows, headers=("学号", "姓名", "性别", "班级", "出生日期")) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "roster.xlsx"
    return buffer


def preview(client, rows):
    response = client.post(URL, {"file": workbook(rows)})
    assert response.status_code == 200
    return response


def confirm(client, response, **extra):
    data = {
        "action": "confirm",
        "token": response.context["token"],
        "submission_key": uuid.uuid4().hex,
        **extra,
    }
    return client.post(URL, data)


def existing(school):
    return StudentFactory(
        student_number="S100",
        name="曾雨欣",
        gender="F",
        school_class=school.class_a,
        date_of_birth=datetime.date(2017, 4, 2),
    )


def test_the_upload_shows_new_changed_old_to_new_and_unchanged_and_writes_nothing(
    school, login, unchanged
):
    student = existing(school)
    StudentFactory(student_number="S200", name="钱二", gender="M", school_class=school.class_a)
    same = Student.objects.get(student_number="S200")
    client = login(school.admin)
    rows = [
        ("N001", "赵一", "男", "三年级(1)班", None),
        ("S100", "曾雨欣", "女", "三年级(2)班", "2017-04-03"),
        ("S200", "钱二", "男", "三年级(1)班", same.date_of_birth),
    ]
    with unchanged():
        response = preview(client, rows)
    shown = response.context["preview"]
    assert [p.student_number for p in shown.new] == ["N001"]
    assert shown.unchanged == 1
    (changed,) = shown.changed
    assert changed.student_number == "S100"
    assert [(c.label, c.old, c.new) for c in changed.changes] == [
        ("班级", "三年级(1)班", "三年级(2)班"),
        ("出生日期", "2017-04-02", "2017-04-03"),
    ]
    content = response.content.decode()
    assert "1 名新学生" in content or "1 new" in content
    assert "三年级(1)班</del> → <strong>三年级(2)班" in content
    student.refresh_from_db()
    assert student.school_class == school.class_a


def test_a_change_of_class_or_name_is_applied_only_when_ticked(school, login):
    student = existing(school)
    other = StudentFactory(
        student_number="S300", name="孙三", gender="M", school_class=school.class_a
    )
    client = login(school.admin)
    response = preview(
        client,
        [
            ("S100", "张小明", "男", "三年级(1)班", "2017-04-02"),  # another child's number?
            ("S300", "孙三", "男", "三年级(2)班", other.date_of_birth),
            ("N001", "赵一", "男", "三年级(1)班", None),
        ],
    )
    assert {p.student_number for p in response.context["preview"].needing_confirmation} == {
        "S100",
        "S300",
    }
    done = confirm(client, response, accept=["S300"])
    assert done.status_code == 302
    student.refresh_from_db()
    other.refresh_from_db()
    assert (student.name, student.gender) == ("曾雨欣", "F")  # not ticked: left as it was
    assert other.school_class == school.class_b
    assert Student.objects.filter(student_number="N001").exists()
    page = client.get(done.url).content.decode()
    assert "1" in page and ("未被接受" in page or "not accepted" in page)


def test_accept_all_applies_every_change(school, login):
    student = existing(school)
    client = login(school.admin)
    response = preview(client, [("S100", "曾雨欣", "女", "三年级(2)班", "2017-04-02")])
    assert confirm(client, response, accept_all="1").status_code == 302
    student.refresh_from_db()
    assert student.school_class == school.class_b


def test_cancel_writes_nothing_and_the_preview_cannot_be_confirmed_afterwards(
    school, login, unchanged
):
    existing(school)
    client = login(school.admin)
    response = preview(client, [("N001", "赵一", "男", "三年级(1)班", None)])
    token = response.context["token"]
    with unchanged(Student):
        cancelled = client.post(URL, {"action": "cancel", "token": token})
        assert cancelled.status_code == 302
        late = client.post(URL, {"action": "confirm", "token": token}, follow=True)
    assert "不再有效" in late.content.decode() or "no longer current" in late.content.decode()


def test_confirming_twice_imports_once(school, login):
    client = login(school.admin)
    response = preview(client, [("N001", "赵一", "男", "三年级(1)班", None)])
    data = {
        "action": "confirm",
        "token": response.context["token"],
        "submission_key": uuid.uuid4().hex,
    }
    assert client.post(URL, data).status_code == 302
    assert client.post(URL, data).status_code == 302
    assert Student.objects.filter(student_number="N001").count() == 1


def test_a_roster_changed_since_the_preview_is_shown_again_and_nothing_is_written(
    school, login, unchanged
):
    student = existing(school)
    client = login(school.admin)
    response = preview(client, [("S100", "曾雨欣", "女", "三年级(2)班", "2017-04-02")])
    Student.objects.filter(pk=student.pk).update(name="曾雨欣欣")
    with unchanged(Student):
        again = confirm(client, response, accept_all="1")
    assert again.status_code == 200
    (changed,) = again.context["preview"].changed
    assert ("姓名", "曾雨欣欣", "曾雨欣") in [(c.label, c.old, c.new) for c in changed.changes]


def test_the_template_holds_no_real_number_and_its_example_row_is_skipped(school, login, unchanged):
    # The story: importing the unchanged template turned 曾雨欣 into 张小明.
    existing(school)
    StudentFactory(
        student_number="20260301", name="曾雨欣", gender="F", school_class=school.class_b
    )
    client = login(school.admin)
    template = client.get(reverse("students:import_template")).content
    ws = load_workbook(io.BytesIO(template)).active
    assert ws["A2"].value == "示例"
    buffer = io.BytesIO(template)
    buffer.name = "template.xlsx"
    with unchanged(Student):
        response = client.post(URL, {"file": buffer})
    assert response.status_code == 200
    # The example row alone is no student row.
    assert "没有学生" in response.content.decode() or "no student rows" in response.content.decode()
    # With a real row under it, the example is counted as skipped.
    wb = load_workbook(io.BytesIO(template))
    wb.active.append(["N009", "周九", "女", "三年级(1)班", None, "在校"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "template.xlsx"
    shown = client.post(URL, {"file": buffer}).context["preview"]
    assert shown.examples == 1 and [p.student_number for p in shown.new] == ["N009"]


def test_the_preview_runs_a_constant_number_of_queries(school, login, constant_queries):
    client = login(school.admin)
    rows = [(f"S{n}", "学生", "男", "三年级(1)班", None) for n in range(5)]

    def grow():
        for n in range(5):
            StudentFactory(student_number=f"S{n}", name="旧名", school_class=school.class_a)

    constant_queries(lambda: preview(client, rows), grow)
