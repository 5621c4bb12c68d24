"""The pages this work added, in English: no Chinese interface text, only what people
wrote or named (students, classes, subjects, terms, staff)."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import Workbook

from .factories.family import open_case
from .factories.reports import seed_cases

HAN = re.compile(r"[\u4e00-\u9fff]+")
# Not interface text: the brand, a language's own name in the switcher, and the roster
# file's Chinese column titles and values, which the school's files really hold.
ALLOWED = {"帮扶", "简体中文", "示例", "学号", "姓名", "性别", "班级", "出生日期", "状态"}


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<option[^>]*>.*?</option>", " ", html, flags=re.S)  # names to choose from
    return re.sub(r"<[^>]+>", " ", html)


def names(school) -> list[str]:
    """What the school wrote: people, classes, grades, subjects, terms (longest first)."""
    from school.models import Grade, SchoolClass, Subject, Term, User
    from students.models import Student

    found = [
        str(x) for model in (User, SchoolClass, Grade, Subject, Term) for x in model.objects.all()
    ]
    found += [s.name for s in Student.objects.all()]
    found += ["第一学期", "第二学期"]
    return sorted(set(found), key=len, reverse=True)


def assert_english(text: str, school) -> None:
    for name in names(school):
        text = text.replace(name, " ")
    leftover = [word for word in HAN.findall(text) if word not in ALLOWED]
    assert not leftover, leftover[:20]


@pytest.fixture
def english(school, login):
    def client_for(user):
        client = login(user)
        client.cookies["django_language"] = "en"
        return client

    return client_for


def test_roster_import_pages_are_english(school, english):
    client = english(school.admin)
    assert_english(visible_text(client.get(reverse("students:import")).content.decode()), school)
    wb = Workbook()
    ws = wb.active
    ws.append(["学号", "姓名", "性别", "班级"])
    ws.append(["A001", "张小明", "男", "三年级(2)班"])
    ws.append(["N001", "赵一", "女", "三年级(1)班"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "r.xlsx"
    preview = client.post(reverse("students:import"), {"file": buffer}).content.decode()
    assert "Check the import before it happens" in preview
    assert_english(visible_text(preview).replace("赵一", " "), school)


def test_change_history_pages_are_english(school, english):
    seed_cases(school)
    student = school.student_a
    student.school_class = school.class_b
    student.save()
    client = english(school.principal)
    for url in (
        reverse("students:changes", args=[student.pk]),
        reverse("reports:changes"),
        reverse("reports:export"),
    ):
        assert_english(visible_text(client.get(url).content.decode()), school)


def test_letter_and_print_are_english_when_chosen(school, english):
    open_case(school.student_a2, school.maths, school.term, school.teacher)
    client = english(school.head)
    page = client.get(reverse("family:letter", args=[school.student_a2.pk]), {"language": "en"})
    assert_english(visible_text(page.content.decode()), school)
