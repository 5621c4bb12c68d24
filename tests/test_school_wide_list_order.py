"""School-wide lists in roster order, page after page: the support cases (grade, student
number, subject) and the students (grade, class, number).

Over every class a long list's first page is read grade by grade
(core.pagination.first_rows_by); it and the pages after it are one order.
"""

from __future__ import annotations

from django.urls import reverse

from .factories.school import GradeFactory, SchoolClassFactory, UserFactory
from .factories.students import StudentFactory, SupportCaseFactory


def _roster(school):
    """Cases across three grades, created out of order; their roster order."""
    grade_1 = GradeFactory(level=1)
    class_1 = SchoolClassFactory(grade=grade_1, number=1)
    early = StudentFactory(school_class=class_1, name="一年级生", student_number="Z900")
    late_number = StudentFactory(
        school_class=school.class_c, name="四年级生", student_number="A000"
    )
    teacher = UserFactory(username="responsible", full_name="负责老师")
    made = [
        SupportCaseFactory(student=late_number, subject=school.maths),
        SupportCaseFactory(student=school.student_b, subject=school.chinese),
        SupportCaseFactory(student=school.student_a, subject=school.maths),
        SupportCaseFactory(student=early, subject=school.maths, responsible_teachers=[teacher]),
        SupportCaseFactory(student=school.student_a, subject=school.chinese),
        SupportCaseFactory(student=school.student_a2, subject=school.maths),
        SupportCaseFactory(student=early, subject=school.chinese),
    ]
    order = sorted(
        made,
        key=lambda c: (
            c.student.school_class.grade.level,
            c.student.student_number,
            c.subject.order,
            c.pk,
        ),
    )
    return order, teacher


def test_a_school_wide_list_pages_through_the_roster_in_order(school, login, settings):
    settings.PAGE_SIZE = 3
    order, teacher = _roster(school)
    client = login(school.admin)
    seen = []
    for number in (1, 2, 3):
        page = client.get(reverse("archives:case_list"), {"page": number}).context["page"]
        assert page.paginator.count == 7 and page.paginator.num_pages == 3
        seen += [case.pk for case in page]
    assert seen == [case.pk for case in order]
    # Grade 1's pupil first although their number sorts last; grade 4's last.
    assert order[0].student.name == "一年级生" and order[-1].student.name == "四年级生"


def test_the_first_page_shows_what_each_row_needs(school, login):
    order, teacher = _roster(school)
    response = login(school.admin).get(reverse("archives:case_list"))
    html = response.content.decode()
    assert [case.pk for case in response.context["page"]] == [case.pk for case in order]
    assert html.index("一年级生") < html.index(school.student_a.name) < html.index("四年级生")
    assert "负责老师" in html  # the responsible teacher's name on the row
    # Each row's second line: class · subject · causes · type, and its status badge.
    case = order[1]
    kind = case.get_difficulty_type_display()
    line = f"{case.student.school_class} · {case.subject} · {case.causes[0]} · {kind}"
    assert line in html
    assert f'<span class="badge {case.status_badge}">{case.get_status_display()}</span>' in html
    assert reverse("archives:case_detail", args=[order[0].pk]) in html


def test_a_class_filter_keeps_the_order(school, login):
    order, _teacher = _roster(school)
    response = login(school.admin).get(
        reverse("archives:case_list"), {"school_class": school.class_a.pk}
    )
    in_class = [c.pk for c in order if c.student.school_class_id == school.class_a.pk]
    assert [case.pk for case in response.context["page"]] == in_class


def test_the_school_wide_list_runs_a_bounded_number_of_queries(school, login, constant_queries):
    client = login(school.admin)
    url = reverse("archives:case_list")
    grade_1 = GradeFactory(level=1)
    pupils = [
        StudentFactory(school_class=SchoolClassFactory(grade=grade_1, number=n))
        for n in range(1, 4)
    ]

    def fetch():
        assert client.get(url).status_code == 200

    def grow():
        for pupil in pupils:
            SupportCaseFactory(student=pupil, subject=school.maths)
        for student in (school.student_a, school.student_b, school.student_c):
            SupportCaseFactory(student=student, subject=school.chinese)

    SupportCaseFactory(student=school.student_a2, subject=school.maths)
    constant_queries(fetch, grow)


def test_a_school_wide_student_list_pages_through_the_roster_in_order(school, login, settings):
    from students.models import Student

    settings.PAGE_SIZE = 2
    grade_1 = GradeFactory(level=1)
    for number in range(3, 13):  # more than 12 classes: the first page is read grade by grade
        SchoolClassFactory(grade=grade_1, number=number)
    StudentFactory(school_class=SchoolClassFactory(grade=grade_1, number=2), student_number="Y1")
    StudentFactory(school_class=SchoolClassFactory(grade=grade_1, number=1), student_number="Z9")
    StudentFactory(school_class=school.class_c, student_number="A000")
    order = sorted(
        Student.objects.in_school(),
        key=lambda s: (s.school_class.grade.level, s.school_class.number, s.student_number),
    )
    assert len(order) == 7  # more than two pages: the first is read grade by grade
    client = login(school.admin)
    seen = []
    for number in (1, 2, 3, 4):
        page = client.get(reverse("students:list"), {"page": number}).context["page"]
        assert page.paginator.count == 7 and page.paginator.num_pages == 4
        seen += [student.pk for student in page]
    assert seen == [student.pk for student in order]
    # A grade's filter and a class's keep the order within them.
    in_grade = client.get(reverse("students:list"), {"grade": school.grade.pk}).context["page"]
    assert [s.pk for s in in_grade] == [
        s.pk for s in order if s.school_class.grade == school.grade
    ][:2]
