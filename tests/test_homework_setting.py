"""Setting tiered homework: the over-limit warning, the recorded reason, scoping, copying."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from archives.models import SupportCase
from homework.models import Assignment, LoadOverride, PersonalisedItem, StudentTier

from .factories.homework import DAY, AssignmentFactory, TierFactory, class_a_homework
from .factories.school import SchoolClassFactory, TeachingAssignmentFactory


def form_data(school, *, basic=20, improving=None, reason="", pair=None, **extra):
    data = {
        "pair": pair or f"{school.class_a.pk}-{school.maths.pk}",
        "date": DAY.isoformat(),
        "title": "两位数加法",
        "unit": "第四单元",
        "phase": "after",
        "kind": "written",
        "default_level": "basic",
        "basic_content": "口算20题",
        "basic_minutes": basic,
        "over_limit_reason": reason,
        **extra,
    }
    if improving is not None:
        data.update(improving_content="口算20题+笔算4题", improving_minutes=improving)
    return data


def chinese_homework(school, minutes=30):
    a = AssignmentFactory(school_class=school.class_a, subject=school.chinese, set_by=school.head)
    TierFactory(assignment=a, level="basic", minutes=minutes)
    return a


def test_teacher_sets_tiered_homework_within_the_limit(school, login):
    client = login(school.teacher)
    response = client.post(reverse("homework:create"), form_data(school, improving=25))
    a = Assignment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("homework:detail", args=[a.pk])
    assert a.set_by == school.teacher and a.term == school.term
    assert sorted(a.tiers.values_list("level", "minutes")) == [("basic", 20), ("improving", 25)]
    page = client.get(reverse("homework:detail", args=[a.pk]))
    assert "口算20题+笔算4题" in page.content.decode()


def test_over_the_limit_the_form_shows_the_numbers_and_does_not_save(school, login):
    chinese_homework(school, 30)
    client = login(school.teacher)
    response = client.post(reverse("homework:create"), form_data(school, basic=35))
    assert response.status_code == 200
    assert Assignment.objects.filter(subject=school.maths).count() == 0
    over = response.context["over"]
    assert over.limit == 60 and over.average == Decimal("65.0")
    assert [(s.subject.code, s.class_minutes) for s in over.subjects] == [
        ("chinese", 30),
        ("maths", 35),
    ]
    assert {s.name for s, _m in over.students_over} == {"张小明", "刘小红"}
    html = response.content.decode()
    assert 'data-testid="over-limit-warning"' in html
    assert "65.0" in html and "张小明" in html


def test_with_a_reason_it_saves_and_records_the_override(school, login):
    chinese_homework(school, 30)
    client = login(school.teacher)
    response = client.post(
        reverse("homework:create"), form_data(school, basic=35, reason="明天单元测验")
    )
    assert response.status_code == 302
    override = LoadOverride.objects.get()
    assert override.reason == "明天单元测验"
    assert override.recorded_by == school.teacher
    assert override.average_minutes == Decimal("65.0") and override.limit_minutes == 60
    assert override.students_over == 2
    assert override.assignment.subject == school.maths


def test_a_blank_reason_is_no_reason(school, login):
    chinese_homework(school, 30)
    client = login(school.teacher)
    response = client.post(reverse("homework:create"), form_data(school, basic=35, reason="   "))
    assert response.status_code == 200
    assert not LoadOverride.objects.exists()


def test_editing_over_the_limit_also_needs_a_reason(school, login):
    chinese_homework(school, 30)
    a = class_a_homework(school)  # basic 20
    client = login(school.teacher)
    data = form_data(school, basic=40)
    data.pop("pair")
    response = client.post(reverse("homework:edit", args=[a.pk]), data)
    assert response.status_code == 200 and response.context["over"].average == Decimal("70.0")
    a.refresh_from_db()
    assert a.tiers.get(level="basic").minutes == 20


def test_teacher_cannot_set_homework_for_a_class_or_subject_they_do_not_teach(school, login):
    client = login(school.teacher)
    for pair in (
        f"{school.class_b.pk}-{school.maths.pk}",
        f"{school.class_a.pk}-{school.chinese.pk}",
    ):
        response = client.post(reverse("homework:create"), form_data(school, pair=pair))
        assert response.status_code == 200
        assert "pair" in response.context["form"].errors
    assert not Assignment.objects.exists()


def test_grade_leader_sees_but_cannot_edit_a_teachers_homework(school, login):
    a = class_a_homework(school)
    client = login(school.leader)
    assert client.get(reverse("homework:detail", args=[a.pk])).status_code == 200
    assert client.get(reverse("homework:edit", args=[a.pk])).status_code == 403
    assert client.get(reverse("homework:create")).status_code == 403


def test_grade_leader_does_not_see_another_grades_homework(school, login):
    other = AssignmentFactory(school_class=school.class_c, subject=school.chinese)
    client = login(school.leader)
    assert client.get(reverse("homework:detail", args=[other.pk])).status_code == 404
    listed = client.get(reverse("homework:list")).context["page"].object_list
    assert other.pk not in {a.pk for a in listed}


def test_per_student_tiers_and_a_personalised_item_for_a_struggling_student(school, login):
    a = class_a_homework(school)
    SupportCase.objects.create(
        student=school.student_a2,
        subject=school.maths,
        term=school.term,
        identified_by=school.teacher,
    )
    client = login(school.teacher)
    page = client.get(reverse("homework:students", args=[a.pk]))
    assert page.status_code == 200
    assert f"item_{school.student_a2.pk}" in page.context["form"].fields
    assert f"item_{school.student_a.pk}" not in page.context["form"].fields
    response = client.post(
        reverse("homework:students", args=[a.pk]),
        {
            f"level_{school.student_a.pk}": "extension",
            f"level_{school.student_a2.pk}": "",
            f"item_{school.student_a2.pk}": "基础题前三题",
            f"minutes_{school.student_a2.pk}": "8",
        },
    )
    assert response.status_code == 302
    assert StudentTier.objects.get().student == school.student_a
    item = PersonalisedItem.objects.get()
    assert (item.student, item.minutes) == (school.student_a2, 8)


def test_per_student_tiers_over_the_limit_need_a_reason(school, login):
    chinese_homework(school, 40)
    a = class_a_homework(school)  # basic 20, extension 30 → 60 average now
    client = login(school.teacher)
    data = {f"level_{school.student_a.pk}": "extension"}
    response = client.post(reverse("homework:students", args=[a.pk]), data)
    assert response.status_code == 200 and response.context["over"].average == Decimal("65.0")
    assert not StudentTier.objects.exists()
    data["over_limit_reason"] = "拓展题自愿完成"
    assert client.post(reverse("homework:students", args=[a.pk]), data).status_code == 302
    assert LoadOverride.objects.get().reason == "拓展题自愿完成"


def test_copy_to_the_other_classes_of_the_grade_the_teacher_sets_for(school, login):
    class_d = SchoolClassFactory(grade=school.grade, number=3)
    TeachingAssignmentFactory(
        term=school.term, teacher=school.teacher, school_class=class_d, subject=school.maths
    )
    a = class_a_homework(school)
    client = login(school.teacher)
    page = client.get(reverse("homework:copy", args=[a.pk]))
    # Class B's maths is the stranger's: not offered.
    assert [c.pk for c in page.context["targets"]] == [class_d.pk]
    response = client.post(reverse("homework:copy", args=[a.pk]), {"classes": [class_d.pk]})
    assert response.status_code == 302
    copy = Assignment.objects.get(school_class=class_d)
    assert copy.title == a.title and copy.tiers.count() == 2
    assert client.get(reverse("homework:copy", args=[a.pk])).context["targets"] == []


def test_copy_leaves_out_a_class_it_would_put_over_the_limit(school, login):
    class_d = SchoolClassFactory(grade=school.grade, number=3)
    TeachingAssignmentFactory(
        term=school.term, teacher=school.teacher, school_class=class_d, subject=school.maths
    )
    heavy = AssignmentFactory(school_class=class_d, subject=school.chinese)
    TierFactory(assignment=heavy, minutes=50)
    from .factories.students import StudentFactory

    StudentFactory(school_class=class_d)
    a = class_a_homework(school)
    client = login(school.teacher)
    client.post(reverse("homework:copy", args=[a.pk]), {"classes": [class_d.pk]})
    assert not Assignment.objects.filter(school_class=class_d, subject=school.maths).exists()


def test_unit_view_shows_pre_in_and_after_class_homework_together(school, login):
    a = class_a_homework(school)
    pre = AssignmentFactory(
        school_class=school.class_a, subject=school.maths, phase="pre", title="预习：认识倍"
    )
    other_unit = AssignmentFactory(
        school_class=school.class_a, subject=school.maths, unit="第五单元", title="别的单元"
    )
    client = login(school.teacher)
    response = client.get(reverse("homework:unit", args=[a.pk]))
    phases = {p["label"]: [x.pk for x in p["items"]] for p in response.context["phases"]}
    assert list(phases.values()) == [[pre.pk], [], [a.pk]]
    assert other_unit.pk not in sum(phases.values(), [])


def test_withdrawing_needs_the_setter(school, login, unchanged):
    a = class_a_homework(school)
    leader = login(school.leader)
    with unchanged():
        assert leader.post(reverse("homework:delete", args=[a.pk])).status_code == 403
    a.refresh_from_db()
    assert not a.is_withdrawn
    assert login(school.teacher).post(reverse("homework:delete", args=[a.pk])).status_code == 302
    a.refresh_from_db()
    assert a.is_withdrawn and a.withdrawn_by == school.teacher
    assert not Assignment.objects.active().exists()


def test_the_list_runs_a_constant_number_of_queries(school, login, constant_queries):
    def add(rows):
        for _ in range(rows):
            a = AssignmentFactory(school_class=school.class_a, subject=school.maths)
            TierFactory(assignment=a)

    add(3)
    client = login(school.teacher)
    constant_queries(lambda: client.get(reverse("homework:list")), lambda: add(27))
    assert len(client.get(reverse("homework:list")).context["page"].object_list) == 30


def test_the_form_previews_the_days_load_of_a_class_the_user_sees(school, login):
    chinese_homework(school, 30)
    client = login(school.teacher)
    url = reverse("homework:load_preview")
    pair = f"{school.class_a.pk}-{school.maths.pk}"
    response = client.get(url, {"pair": pair, "date": DAY.isoformat()})
    assert response.context["load"].average == Decimal("30.0")
    stranger = login(school.stranger)
    assert stranger.get(url, {"pair": pair, "date": DAY.isoformat()}).context["load"] is None
    assert client.get(url, {"pair": "x", "date": "nope"}).context["load"] is None


def test_a_date_outside_the_term_is_refused(school, login):
    client = login(school.teacher)
    response = client.post(reverse("homework:create"), form_data(school, date="2027-03-01"))
    assert response.status_code == 200 and "date" in response.context["form"].errors
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("basic_minutes", "-5"),
        ("basic_minutes", "301"),
        ("basic_minutes", "abc"),
        ("basic_content", ""),
    ],
)
def test_bad_tier_input_is_a_form_error(school, login, field, value):
    client = login(school.teacher)
    response = client.post(reverse("homework:create"), form_data(school, **{field: value}))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Assignment.objects.exists()
