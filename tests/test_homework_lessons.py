"""Lesson preparation records (备课) and reflections (教后记): quick to enter, scoped like
homework, a reflection only after the lesson, small plan files only."""

from __future__ import annotations

import datetime
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.idempotency import FIELD
from homework.models import LessonRecord
from school.models import today

from .factories.homework import AssignmentFactory


def post(client, school, **extra):
    data = {
        "pair": f"{school.class_a.pk}-{school.maths.pk}",
        "date": today().isoformat(),
        "title": "分数的初步认识",
        FIELD: str(uuid.uuid4()),
    } | extra
    return client.post(reverse("homework:lesson_create"), data)


def test_a_teacher_records_a_lesson_with_just_a_title_once(school, login):
    client = login(school.teacher)
    key = str(uuid.uuid4())
    assert post(client, school, **{FIELD: key}).status_code == 302
    assert post(client, school, **{FIELD: key}).status_code == 302  # a double tap
    lesson = LessonRecord.objects.get()
    assert (lesson.teacher, lesson.school_class, lesson.subject) == (
        school.teacher,
        school.class_a,
        school.maths,
    )
    page = client.get(reverse("homework:lessons"))
    assert "分数的初步认识" in page.content.decode()
    assert page.context["prepared"] == 1 and page.context["reflected"] == 0


def test_a_reflection_waits_for_the_lesson(school, login, unchanged):
    client = login(school.teacher)
    tomorrow = today() + datetime.timedelta(days=1)
    with unchanged(LessonRecord):
        response = post(client, school, date=tomorrow.isoformat(), reflection="效果很好")
    assert response.context["form"].errors["reflection"]
    assert response.context["form"]["reflection"].value() == "效果很好"  # kept
    assert post(client, school, date=tomorrow.isoformat()).status_code == 302  # prepared ahead
    assert post(client, school, reflection="学生掌握较好").status_code == 302
    assert LessonRecord.objects.reflected().get().reflected_at is not None


def test_a_date_outside_the_term_is_refused(school, login, unchanged):
    with unchanged(LessonRecord):
        response = post(login(school.teacher), school, date="2026-08-01")
    assert response.context["form"].errors["date"]


def test_only_small_plan_files_of_known_types(school, login, unchanged):
    client = login(school.teacher)
    with unchanged(LessonRecord):
        big = SimpleUploadedFile("plan.pdf", b"x" * (5 * 1024 * 1024 + 1))
        assert post(client, school, plan_file=big).context["form"].errors["plan_file"]
        exe = SimpleUploadedFile("plan.exe", b"MZ")
        assert post(client, school, plan_file=exe).context["form"].errors["plan_file"]


def test_a_teacher_of_another_class_cannot_open_the_record(school, login):
    lesson = LessonRecord.objects.create(
        term=school.term,
        teacher=school.teacher,
        school_class=school.class_a,
        subject=school.maths,
        date=today(),
        title="分数",
    )
    assert (
        login(school.stranger).get(reverse("homework:lesson", args=[lesson.pk])).status_code == 404
    )
    assert login(school.head).get(reverse("homework:lesson", args=[lesson.pk])).status_code == 200


def test_the_homework_page_links_to_the_days_lesson_record(school, login):
    a = AssignmentFactory(
        term=school.term,
        school_class=school.class_a,
        subject=school.maths,
        set_by=school.teacher,
        date=today(),
    )
    lesson = LessonRecord.objects.create(
        term=school.term,
        teacher=school.teacher,
        school_class=school.class_a,
        subject=school.maths,
        date=a.date,
        title="分数",
    )
    body = login(school.teacher).get(reverse("homework:detail", args=[a.pk])).content.decode()
    assert reverse("homework:lesson", args=[lesson.pk]) in body


def test_the_list_runs_constant_queries(school, login, constant_queries):
    client = login(school.teacher)
    n = [0]

    def grow():
        for _ in range(3):
            n[0] += 1
            LessonRecord.objects.create(
                term=school.term,
                teacher=school.teacher,
                school_class=school.class_a,
                subject=school.maths,
                date=today(),
                title=f"第{n[0]}课",
                reflection="好" if n[0] % 2 else "",
            )

    grow()  # a page with rows, then one with more
    constant_queries(lambda: client.get(reverse("homework:lessons")), grow)
