"""The teacher's homework list read as rows, and the week grid paged by classes."""

from __future__ import annotations

import datetime
from io import BytesIO

from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from homework.models import Assignment
from homework.views.week import WEEK_CLASSES
from school.models import SchoolClass

from .factories.homework import DAY, AssignmentFactory, TierFactory
from .factories.school import SchoolClassFactory
from .factories.students import StudentFactory

MONDAY = DAY - datetime.timedelta(days=DAY.weekday())


def test_each_row_shows_what_the_model_shows(school, login):
    a = AssignmentFactory(
        school_class=school.class_a,
        subject=school.maths,
        title="口算练习",
        unit="第四单元",
        phase=Assignment.Phase.PRE_CLASS,
        kind=Assignment.Kind.READING,
    )
    TierFactory(assignment=a)
    client = login(school.teacher)
    response = client.get(reverse("homework:list"))
    (row,) = response.context["page"].object_list
    assert row.pk == a.pk
    assert row.school_class == str(school.class_a)
    assert row.subject == str(school.maths)
    labels = set()
    for language in ("en", "zh-hans"):
        with translation.override(language):
            labels.add((a.get_phase_display(), a.get_kind_display()))
    assert (row.shown_phase, row.shown_kind) in labels
    html = response.content.decode()
    assert reverse("homework:detail", args=[a.pk]) in html
    assert f"{school.class_a} · {school.maths} · {row.shown_phase} · {row.shown_kind}" in html
    assert "第四单元" in html


def test_the_second_page_continues_the_first_in_date_order(school, login, settings):
    settings.PAGE_SIZE = 3
    made = [
        AssignmentFactory(
            school_class=school.class_a, subject=school.maths, date=DAY - datetime.timedelta(n)
        )
        for n in range(5)
    ]
    client = login(school.teacher)
    first = client.get(reverse("homework:list")).context["page"]
    second = client.get(reverse("homework:list"), {"page": 2}).context["page"]
    assert [a.pk for a in first] + [a.pk for a in second] == [a.pk for a in made]
    assert first.paginator.count == 5


def test_an_empty_list_says_so(school, login):
    html = login(school.teacher).get(reverse("homework:list")).content.decode()
    assert "No homework yet." in html or "暂无作业" in html


def test_the_class_filter_keeps_its_choice(school, login):
    AssignmentFactory(school_class=school.class_a, subject=school.chinese)
    client = login(school.head)
    response = client.get(reverse("homework:list"), {"class": school.class_a.pk})
    assert f'<option value="{school.class_a.pk}" selected>' in response.content.decode()
    assert len(response.context["page"].object_list) == 1


def _grade_with_classes(school, n, start=3):
    for number in range(start, n + 1):
        c = SchoolClassFactory(grade=school.grade, number=number)
        StudentFactory(school_class=c)
        a = AssignmentFactory(school_class=c, subject=school.maths, date=DAY)
        TierFactory(assignment=a, minutes=10 + number)


def test_a_large_grade_is_shown_a_page_of_classes_at_a_time(school, login):
    _grade_with_classes(school, WEEK_CLASSES + 3)
    client = login(school.leader)
    first = client.get(reverse("homework:week"), {"week": DAY.isoformat()})
    assert [r["school_class"].number for r in first.context["rows"]] == list(
        range(1, WEEK_CLASSES + 1)
    )
    assert "page=2" in first.content.decode()
    second = client.get(reverse("homework:week"), {"week": DAY.isoformat(), "page": 2})
    assert [r["school_class"].number for r in second.context["rows"]] == list(
        range(WEEK_CLASSES + 1, WEEK_CLASSES + 4)
    )
    # The week and grade stay with the page: the same week, the same grade.
    assert second.context["grade"] == school.grade
    assert second.context["days"][0] == MONDAY


def test_a_small_grade_shows_no_pages(school, login):
    response = login(school.leader).get(reverse("homework:week"), {"week": DAY.isoformat()})
    assert len(response.context["rows"]) == 2
    assert "page=2" not in response.content.decode()


def test_the_week_export_keeps_every_class_of_the_grade(school, login):
    _grade_with_classes(school, WEEK_CLASSES + 3)
    response = login(school.leader).get(reverse("homework:week_export"), {"week": DAY.isoformat()})
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    named = {r[0] for r in rows}
    assert all(str(c) in named for c in school.grade.classes.all())


def test_each_page_of_the_grid_runs_the_same_queries(school, login, constant_queries):
    _grade_with_classes(school, 4)
    client = login(school.leader)
    constant_queries(
        lambda: client.get(reverse("homework:week"), {"week": DAY.isoformat()}),
        lambda: _grade_with_classes(school, WEEK_CLASSES * 3, start=5),
    )


def _options(html: str, name: str) -> list[str]:
    select = html.split(f'<select name="{name}"')[1].split("</select>")[0]
    return [part.split('"')[0] for part in select.split('<option value="')[1:]]


def test_many_classes_are_filtered_by_grade_first(school, login):
    """A school leader's list (more than 12 classes): a grade select, then that grade's
    classes only; the grade filters the list; a link to one class shows its grade."""
    _grade_with_classes(school, 12)  # thirteen classes in all
    extra = list(SchoolClass.objects.filter(grade=school.grade, number__gte=3).order_by("number"))
    AssignmentFactory(school_class=extra[0], subject=school.maths, title="三年级作业")
    AssignmentFactory(school_class=school.class_c, subject=school.maths, title="四年级作业")
    client = login(school.admin)
    with translation.override("zh-hans"):
        html = client.get(reverse("homework:list")).content.decode()
    assert _options(html, "grade") == ["", str(school.grade.pk), str(school.other_grade.pk)]
    assert "全部年级" in html and '<select name="class"' not in html
    assert "三年级作业" in html and "四年级作业" in html

    html = client.get(reverse("homework:list"), {"grade": school.other_grade.pk}).content.decode()
    assert _options(html, "class") == ["", str(school.class_c.pk)]
    assert "四年级作业" in html and "三年级作业" not in html

    html = client.get(reverse("homework:list"), {"class": extra[0].pk}).content.decode()
    assert f'<option value="{school.grade.pk}" selected>' in html
    assert f'<option value="{extra[0].pk}" selected>' in html
    assert len(_options(html, "class")) == 1 + 2 + len(extra)  # grade 3: A, B and the rest
    assert "三年级作业" in html and "四年级作业" not in html


def test_a_teacher_with_few_classes_keeps_the_class_select(school, login):
    _grade_with_classes(school, 12)
    html = login(school.teacher).get(reverse("homework:list")).content.decode()
    assert '<select name="grade"' not in html
    assert _options(html, "class") == ["", str(school.class_a.pk)]
