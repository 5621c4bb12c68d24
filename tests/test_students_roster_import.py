"""Roster import: every row checked first, all-or-nothing, re-import updates by number."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from students.models import Student

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


def upload(client, file):
    """Upload, then confirm the preview with every change accepted (as before the preview)."""
    preview = client.post(URL, {"file": file})
    if preview.status_code != 200 or "token" not in (preview.context or {}):
        return preview
    return client.post(
        URL, {"action": "confirm", "token": preview.context["token"], "accept_all": "1"}
    )


def test_administrator_imports_a_class_roster(school, login):
    client = login(school.admin)
    response = upload(
        client,
        workbook(
            [
                ("N001", "赵一", "男", "三年级(1)班", datetime.date(2017, 3, 1)),
                ("N002", "钱二", "女", "三年级（2）班", "2017/05/06"),
            ]
        ),
    )
    assert response.status_code == 302
    one = Student.objects.get(student_number="N001")
    assert (one.name, one.gender, one.school_class, one.date_of_birth) == (
        "赵一",
        "M",
        school.class_a,
        datetime.date(2017, 3, 1),
    )
    assert Student.objects.get(student_number="N002").school_class == school.class_b


def test_reimport_updates_by_student_number_and_never_duplicates(school, login):
    client = login(school.admin)
    upload(client, workbook([("N001", "赵一", "男", "三年级(1)班", None)]))
    upload(client, workbook([("N001", "赵一一", "男", "三年级(2)班", None)]))
    assert Student.objects.filter(student_number="N001").count() == 1
    student = Student.objects.get(student_number="N001")
    assert student.name == "赵一一"
    # Moving class keeps the history.
    assert [h.school_class_id for h in student.history.order_by("history_date")] == [
        school.class_a.pk,
        school.class_b.pk,
    ]


def test_one_bad_row_imports_nothing_and_every_error_is_listed(school, login):
    client = login(school.admin)
    before = Student.objects.count()
    response = upload(
        client,
        workbook(
            [
                ("N001", "赵一", "男", "三年级(1)班", None),
                ("", "钱二", "女", "三年级(1)班", None),
                ("N003", "孙三", "未知", "九年级(9)班", "明天"),
                ("N001", "李四", "男", "三年级(1)班", None),
            ]
        ),
    )
    assert response.status_code == 200
    assert Student.objects.count() == before
    errors = response.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [
        (3, "学号"),
        (4, "性别"),
        (4, "班级"),
        (4, "出生日期"),
        (5, "学号"),
    ]
    content = response.content.decode()
    assert "没有导入任何学生" in content or "Nothing was imported" in content
    assert "九年级(9)班" in content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"this is not a workbook", "not an Excel workbook"),
    ],
)
def test_a_file_that_is_not_a_workbook_gets_a_clear_message(school, login, data, message, settings):
    settings.LANGUAGE_CODE = "en"
    client = login(school.admin)
    file = io.BytesIO(data)
    file.name = "roster.xlsx"
    response = client.post(URL, {"file": file}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_workbook_with_only_headers_gets_a_clear_message(school, login):
    client = login(school.admin)
    response = client.post(URL, {"file": workbook([])}, HTTP_ACCEPT_LANGUAGE="en")
    assert "no student rows" in response.content.decode()


def test_missing_columns_are_named(school, login):
    client = login(school.admin)
    response = client.post(
        URL, {"file": workbook([("x", "y")], headers=("学号", "名字"))}, HTTP_ACCEPT_LANGUAGE="en"
    )
    content = response.content.decode()
    assert "姓名" in content and "性别" in content and "班级" in content


def test_a_file_over_the_size_limit_is_refused(school, login, settings):
    settings.ROSTER_IMPORT_MAX_BYTES = 1000
    client = login(school.admin)
    response = client.post(
        URL,
        {"file": workbook([(f"N{i:03d}", "学生", "男", "三年级(1)班", None) for i in range(200)])},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "too large" in response.content.decode()
    assert not Student.objects.filter(student_number="N001").exists()


def test_the_template_downloads_as_a_workbook(school, login):
    client = login(school.admin)
    response = client.get(reverse("students:import_template"))
    assert response.status_code == 200
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]][:5] == ["学号", "姓名", "性别", "班级", "出生日期"]


def test_teachers_may_not_import(school, login):
    client = login(school.head)
    assert client.get(URL).status_code == 403
