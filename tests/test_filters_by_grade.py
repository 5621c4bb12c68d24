"""Lists over many classes are filtered by grade first: the class select lists the chosen
grade's classes only (a school leader's, a grade leader's of a big school) — the students
list here, the school dashboard's filter; the homework list in
tests/test_homework_list_and_week_pages.py."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from .factories.school import GradeFactory, SchoolClassFactory
from .factories.students import StudentFactory


def _big_school(school):
    """Eleven more classes (fourteen in all, over three grades), a pupil in each new one."""
    grade_5 = GradeFactory(level=5)
    extra = [SchoolClassFactory(grade=school.grade, number=n) for n in range(3, 9)]
    extra += [SchoolClassFactory(grade=grade_5, number=n) for n in range(1, 6)]
    for n, school_class in enumerate(extra):
        StudentFactory(school_class=school_class, student_number=f"X{n:03d}")
    return grade_5, extra


def _options(html: str, name: str) -> list[str]:
    select = html.split(f'<select name="{name}"')[1].split("</select>")[0]
    return [part.split('"')[0] for part in select.split('<option value="')[1:]]


def test_many_classes_choose_a_grade_first(school, login):
    grade_5, extra = _big_school(school)
    client = login(school.admin)
    with translation.override("zh-hans"):
        html = client.get(reverse("students:list")).content.decode()
    assert _options(html, "grade") == [
        "",
        str(school.grade.pk),
        str(school.other_grade.pk),
        str(grade_5.pk),
    ]
    assert "全部年级" in html
    assert '<select name="school_class"' not in html  # no class select before a grade

    chosen = client.get(reverse("students:list"), {"grade": grade_5.pk})
    html = chosen.content.decode()
    grade_5_classes = [c for c in extra if c.grade_id == grade_5.pk]
    assert _options(html, "school_class") == ["", *[str(c.pk) for c in grade_5_classes]]
    assert f'<option value="{grade_5.pk}" selected>' in html
    assert {s.school_class.grade_id for s in chosen.context["page"]} == {grade_5.pk}


def test_a_link_to_one_class_shows_its_grade_and_its_classes(school, login):
    _big_school(school)
    response = login(school.admin).get(
        reverse("students:list"), {"school_class": school.class_c.pk}
    )
    html = response.content.decode()
    assert f'<option value="{school.other_grade.pk}" selected>' in html
    assert _options(html, "school_class") == ["", str(school.class_c.pk)]
    assert f'<option value="{school.class_c.pk}" selected>' in html
    assert [s.pk for s in response.context["page"]] == [school.student_c.pk]


def test_a_teacher_with_few_classes_keeps_the_class_select(school, login):
    _big_school(school)
    html = login(school.head).get(reverse("students:list")).content.decode()
    assert _options(html, "school_class") == ["", str(school.class_a.pk)]
    assert '<select name="grade"' not in html


def test_the_filter_does_not_grow_with_the_classes(school, login, constant_queries):
    client = login(school.admin)
    _big_school(school)
    url = reverse("students:list")

    def fetch():
        assert client.get(url, {"grade": school.grade.pk}).status_code == 200

    def grow():
        for n in range(9, 15):
            StudentFactory(school_class=SchoolClassFactory(grade=school.other_grade, number=n))

    constant_queries(fetch, grow)


def test_the_dashboard_lists_the_chosen_grade_s_classes(school, login):
    grade_5, extra = _big_school(school)
    client = login(school.admin)
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert _options(html, "school_class") == [""]  # a grade first
    assert str(grade_5.pk) in _options(html, "grade")
    html = client.get(reverse("reports:dashboard"), {"grade": grade_5.pk}).content.decode()
    assert _options(html, "school_class") == [
        "",
        *[str(c.pk) for c in extra if c.grade_id == grade_5.pk],
    ]
    # A class alone (a stored export's filters, a link) is accepted, with its grade's classes.
    response = client.get(reverse("reports:dashboard"), {"school_class": school.class_c.pk})
    assert response.status_code == 200
    assert _options(response.content.decode(), "school_class") == ["", str(school.class_c.pk)]


def test_a_small_school_keeps_every_class_in_the_select(school, login):
    html = login(school.admin).get(reverse("students:list")).content.decode()
    assert '<select name="grade"' not in html
    assert len(_options(html, "school_class")) == 1 + 3


@pytest.mark.parametrize("value", ["NaN", "a\x00b", "9" * 10000, "1e309", "-1", "9" * 20])
@pytest.mark.parametrize(
    "url", ["students:list", "homework:list", "reports:dashboard", "family:visit_plan"]
)
@pytest.mark.parametrize("param", ["grade", "school_class", "class"])
def test_an_id_that_is_no_id_is_no_filter(school, login, url, param, value):
    """Ten thousand digits are digits too (int() refuses them), twenty overflow the column."""
    _big_school(school)
    response = login(school.admin).get(reverse(url), {param: value})
    # The page, unfiltered by it; a NUL byte is refused whole (core.middleware): never a 500.
    assert response.status_code == (400 if "\x00" in value else 200)
