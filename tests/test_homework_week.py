"""The grade leader's week grid, the class's day, the notice (作业公示) and the export."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from homework.exports import safe_text

from .factories.homework import DAY, AssignmentFactory, TierFactory
from .factories.school import SchoolClassFactory
from .factories.students import StudentFactory

MONDAY = DAY - datetime.timedelta(days=DAY.weekday())


def set_homework(school_class, subject, minutes, day=DAY, title="练习"):
    a = AssignmentFactory(school_class=school_class, subject=subject, date=day, title=title)
    TierFactory(assignment=a, minutes=minutes)
    return a


def test_grade_leader_sees_each_class_per_day_with_over_limit_marked(school, login):
    set_homework(school.class_a, school.chinese, 40)
    set_homework(school.class_a, school.maths, 30)
    set_homework(school.class_b, school.maths, 20)
    set_homework(school.class_c, school.maths, 99)  # grade 4: not the leader's
    client = login(school.leader)
    response = client.get(reverse("homework:week"), {"week": DAY.isoformat()})
    assert response.context["grade"] == school.grade
    assert response.context["days"][0] == MONDAY
    rows = {r["school_class"]: r["cells"] for r in response.context["rows"]}
    assert set(rows) == {school.class_a, school.class_b}
    wednesday = DAY.weekday()
    assert rows[school.class_a][wednesday].over
    assert rows[school.class_a][wednesday].average == 70
    assert not rows[school.class_b][wednesday].over
    html = response.content.decode()
    assert "table-danger" in html
    assert reverse("homework:class_day", args=[school.class_a.pk, DAY.isoformat()]) in html


def test_grade_leader_cannot_choose_another_grade(school, login):
    client = login(school.leader)
    response = client.get(reverse("homework:week"), {"grade": school.other_grade.pk})
    assert response.context["grade"] == school.grade


def test_the_grid_runs_a_constant_number_of_queries(school, login, constant_queries):
    def add_classes(classes):
        for c in classes:
            StudentFactory(school_class=c)
            for i in range(7):
                set_homework(c, school.maths, 10 + i, day=MONDAY + datetime.timedelta(days=i))
                set_homework(c, school.chinese, 20, day=MONDAY + datetime.timedelta(days=i))

    add_classes([school.class_a, school.class_b])
    client = login(school.leader)

    def fetch():
        return client.get(reverse("homework:week"), {"week": DAY.isoformat()})

    constant_queries(
        fetch,
        lambda: add_classes(
            [SchoolClassFactory(grade=school.grade, number=n) for n in range(3, 9)]
        ),
    )
    assert len(fetch().context["rows"]) == 8


def test_the_day_opens_with_every_subjects_homework_and_the_numbers(school, login):
    set_homework(school.class_a, school.chinese, 40, title="生字抄写")
    set_homework(school.class_a, school.maths, 30, title="口算练习")
    client = login(school.leader)
    response = client.get(reverse("homework:class_day", args=[school.class_a.pk, DAY.isoformat()]))
    html = response.content.decode()
    assert "生字抄写" in html and "口算练习" in html
    assert response.context["load"].over


def test_the_notice_is_printable(school, login):
    set_homework(school.class_a, school.maths, 30, title="口算练习")
    client = login(school.teacher)
    response = client.get(reverse("homework:notice", args=[school.class_a.pk, DAY.isoformat()]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "口算练习" in html and "data-print" in html


def test_a_bad_date_is_a_404(school, login):
    client = login(school.leader)
    url = reverse("homework:class_day", args=[school.class_a.pk, "2026-13-45"])
    assert client.get(url).status_code == 404


def test_the_weekly_load_exports_as_xlsx(school, login):
    set_homework(school.class_a, school.chinese, 40)
    set_homework(school.class_a, school.maths, 30)
    school.class_b.name = "=HYPERLINK(1)"
    school.class_b.save()
    client = login(school.leader)
    response = client.get(reverse("homework:week_export"), {"week": DAY.isoformat()})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == "班级" or rows[1][0] == "Class"
    class_a_row = next(r for r in rows if r[0] == str(school.class_a))
    assert class_a_row[1 + DAY.weekday()] == 70
    assert class_a_row[-2] == 60 and class_a_row[-1] == 1
    assert any(r[0] == "=HYPERLINK(1)" for r in rows)
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
    detail = list(wb.worksheets[1].iter_rows(values_only=True))
    assert len(detail) == 3


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_keeps_its_characters(text):
    # No apostrophe: the writer stores it as a text cell with the quote-prefix style.
    assert safe_text(text) == text


def test_plain_text_and_numbers_are_left_alone():
    assert safe_text("三年级(1)班") == "三年级(1)班"
    assert safe_text(5) == 5


def test_only_school_leaders_edit_the_limits(school, login):
    from homework.models import LoadLimit

    limit = LoadLimit.objects.get(band="upper")
    assert login(school.leader).get(reverse("homework:limits")).status_code == 403
    client = login(school.admin)
    assert client.get(reverse("homework:limits")).status_code == 200
    response = client.post(
        reverse("homework:limit_edit", args=[limit.pk]), {"minutes": 50, "note": ""}
    )
    assert response.status_code == 302
    limit.refresh_from_db()
    assert limit.minutes == 50
    # The migration-made limit gets its first version kept, then the change: the newest is it.
    assert limit.history.count() == 2
    assert limit.history.first().history_user == school.admin
    assert reverse("homework:limits") in client.get(reverse("school:manage_home")).content.decode()


def test_the_dashboard_shows_todays_load_of_the_leaders_classes(school, login):
    from school.models import today

    set_homework(school.class_a, school.chinese, 70, day=today())
    response = login(school.leader).get(reverse("dashboard"))
    html = response.content.decode()
    assert reverse("homework:class_day", args=[school.class_a.pk, today().isoformat()]) in html
    assert "70 / 60" in html
