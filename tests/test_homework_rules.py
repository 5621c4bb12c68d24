"""The double-reduction rules as the policy states them (issue 12).

Grades 1–2 get no written homework to take home; the national ceilings bound
the limits; subjects may be capped; weekends and holidays are not school days;
withdrawing keeps the evidence; dates out of range are 404s, not 500s.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from homework import evidence, services
from homework.load import day_load
from homework.models import (
    Assignment,
    CalendarDay,
    LoadLimit,
    LoadOverride,
    MarkingRecord,
    SchoolWeek,
    SubjectCap,
    Tier,
)
from school.models import SchoolClass

from .factories.homework import DAY, AssignmentFactory, MarkingRecordFactory, TierFactory
from .factories.school import GradeFactory, SchoolClassFactory, TeachingAssignmentFactory

SATURDAY = DAY + datetime.timedelta(days=3)  # DAY is a Wednesday


@pytest.fixture(autouse=True)
def english(client):
    """Pages and messages in English, so the assertions read like the policy's words."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def form_data(school, *, pair=None, day=DAY, basic=20, **extra):
    return {
        "pair": pair or f"{school.class_a.pk}-{school.maths.pk}",
        "date": day.isoformat(),
        "title": "两位数加法",
        "unit": "第四单元",
        "phase": "after",
        "kind": "written",
        "default_level": "basic",
        "basic_content": "口算20题",
        "basic_minutes": basic,
        "over_limit_reason": "",
        **extra,
    }


@pytest.fixture
def grade_one(school):
    grade = GradeFactory(level=1)
    c = SchoolClassFactory(grade=grade, number=1)
    TeachingAssignmentFactory(
        term=school.term, teacher=school.teacher, school_class=c, subject=school.maths
    )
    return SchoolClass.objects.select_related("grade").get(pk=c.pk)


# ---- grades 1–2: no written homework to take home ------------------------------------


@pytest.mark.parametrize("minutes", [0, 10])
def test_grade_one_written_homework_is_refused_even_with_a_reason(
    school, login, grade_one, minutes
):
    client = login(school.teacher)
    response = client.post(
        reverse("homework:create"),
        form_data(
            school,
            pair=f"{grade_one.pk}-{school.maths.pk}",
            basic=minutes,
            over_limit_reason="家长要求",
        ),
    )
    assert response.status_code == 200
    assert "ban" in str(response.context["form"].errors["kind"])
    assert not Assignment.objects.exists() and not LoadOverride.objects.exists()


def test_grade_one_form_cites_the_policy_next_to_the_kind(school, login, grade_one):
    page = login(school.teacher).get(reverse("homework:create")).content.decode()
    assert "Grades 1–2: no written homework to take home (Ministry of Education, 2021)" in page


def test_grade_one_in_class_and_reading_homework_are_allowed(school, login, grade_one):
    client = login(school.teacher)
    pair = f"{grade_one.pk}-{school.maths.pk}"
    client.post(reverse("homework:create"), form_data(school, pair=pair, phase="in"))
    client.post(reverse("homework:create"), form_data(school, pair=pair, kind="reading"))
    assert Assignment.objects.filter(school_class=grade_one).count() == 2


def test_the_service_refuses_grade_one_written_homework_too(school, grade_one):
    homework = Assignment(
        term=school.term, school_class=grade_one, subject=school.maths, date=DAY, title="口算"
    )
    with pytest.raises(ValidationError) as caught:
        services.save_assignment(
            assignment=homework,
            tiers=[services.TierData("basic", "口算", 0)],
            user=school.teacher,
            over_limit_reason="家长要求",
        )
    assert "kind" in caught.value.message_dict
    assert not Assignment.objects.exists() and not Tier.objects.exists()


def test_editing_grade_one_homework_into_written_is_refused(school, login, grade_one):
    a = AssignmentFactory(
        school_class=grade_one, subject=school.maths, kind="reading", set_by=school.teacher
    )
    TierFactory(assignment=a, minutes=10)
    data = form_data(school)
    del data["pair"]
    response = login(school.teacher).post(reverse("homework:edit", args=[a.pk]), data)
    assert response.status_code == 200 and response.context["form"].errors["kind"]
    a.refresh_from_db()
    assert a.kind == "reading"


# ---- the national ceilings and subjects' caps ------------------------------------------


def test_administrator_cannot_raise_a_limit_above_the_national_ceiling(school, login):
    upper = LoadLimit.objects.get(band="upper")
    response = login(school.admin).post(
        reverse("homework:limit_edit", args=[upper.pk]), {"minutes": 600, "note": ""}
    )
    assert response.status_code == 200
    error = str(response.context["form"].errors["minutes"])
    assert "60" in error and "national ceiling" in error
    upper.refresh_from_db()
    assert upper.minutes == 60


def test_administrator_may_set_a_lower_limit(school, login):
    junior = LoadLimit.objects.get(band="junior")
    login(school.admin).post(
        reverse("homework:limit_edit", args=[junior.pk]), {"minutes": 75, "note": "本校"}
    )
    junior.refresh_from_db()
    assert junior.minutes == 75


def test_grade_one_limit_stays_zero(school, login):
    lower = LoadLimit.objects.get(band="lower")
    response = login(school.admin).post(
        reverse("homework:limit_edit", args=[lower.pk]), {"minutes": 10, "note": ""}
    )
    assert "stays 0" in str(response.context["form"].errors["minutes"])
    lower.refresh_from_db()
    assert lower.minutes == 0


def test_the_constraint_speaks_the_users_language_not_its_name(db):
    limit = LoadLimit.objects.get(band="upper")
    limit.minutes = 61
    with pytest.raises(ValidationError) as caught:
        limit.full_clean()
    message = " ".join(caught.value.messages)
    assert "national ceiling" in message and "load_limit" not in message


def test_a_subject_cap_counts_in_the_load_check(school, login):
    SubjectCap.objects.create(grade=school.grade, subject=school.chinese, minutes=20)
    a = AssignmentFactory(school_class=school.class_a, subject=school.chinese, set_by=school.head)
    TierFactory(assignment=a, minutes=25)
    load = day_load(school.class_a, DAY)
    assert load.average == Decimal("25.0") and load.limit == 60
    assert load.over and [s.subject for s in load.subjects_over] == [school.chinese]
    # Setting more Chinese that day needs a reason, like any over-limit save.
    response = login(school.head).post(
        reverse("homework:create"),
        form_data(school, pair=f"{school.class_a.pk}-{school.chinese.pk}", basic=5),
    )
    assert response.status_code == 200 and response.context["over"] is not None
    assert Assignment.objects.count() == 1


def test_a_subject_cap_above_the_grade_ceiling_is_refused(school, login):
    response = login(school.admin).post(
        reverse("homework:cap_add"),
        {"grade": school.grade.pk, "subject": school.chinese.pk, "minutes": 70},
    )
    assert response.status_code == 200
    assert "60" in str(response.context["form"].errors["minutes"])
    assert not SubjectCap.objects.exists()


def test_administrator_adds_a_subject_cap_on_the_settings_page(school, login):
    client = login(school.admin)
    client.post(
        reverse("homework:cap_add"),
        {"grade": school.grade.pk, "subject": school.chinese.pk, "minutes": 20},
    )
    page = client.get(reverse("homework:limits")).content.decode()
    assert SubjectCap.objects.get().minutes == 20
    assert "语文" in page


# ---- weekends and holidays ----------------------------------------------------------


def test_written_homework_for_a_saturday_is_refused(school, login):
    response = login(school.teacher).post(
        reverse("homework:create"), form_data(school, day=SATURDAY)
    )
    assert response.status_code == 200
    assert "not a school day" in str(response.context["form"].errors["date"])
    assert not Assignment.objects.exists()


def test_reading_for_a_saturday_is_allowed(school, login):
    login(school.teacher).post(
        reverse("homework:create"), form_data(school, day=SATURDAY, kind="reading")
    )
    assert Assignment.objects.get().date == SATURDAY


def test_a_holiday_the_administrator_sets_refuses_written_homework(school, login):
    client = login(school.admin)
    client.post(reverse("homework:calendar_day_add"), {"date": DAY.isoformat(), "note": "校运会"})
    assert CalendarDay.objects.get().date == DAY
    response = login(school.teacher).post(reverse("homework:create"), form_data(school))
    assert "校运会" in str(response.context["form"].errors["date"])
    assert not Assignment.objects.exists()


def test_a_saturday_school_week_allows_written_homework(school, login):
    login(school.admin).post(reverse("homework:school_week"), {"saturday_is_school_day": "on"})
    assert SchoolWeek.current().saturday_is_school_day
    login(school.teacher).post(reverse("homework:create"), form_data(school, day=SATURDAY))
    assert Assignment.objects.get().date == SATURDAY


def test_the_week_grid_shows_the_weekend_and_holidays(school, login):
    CalendarDay.objects.create(date=DAY, note="校运会")
    page = login(school.leader).get(
        reverse("homework:week"), {"grade": school.grade.pk, "week": DAY.isoformat()}
    )
    html = page.content.decode()
    heads = [h for h in page.context["day_heads"] if h["closed"]]
    assert [h["date"] for h in heads] == [DAY, SATURDAY, SATURDAY + datetime.timedelta(days=1)]
    assert "校运会" in html and html.count('data-testid="non-school-day"') == 3


# ---- withdrawing keeps the evidence -------------------------------------------------------


def test_withdrawn_homework_keeps_its_reason_in_the_inspection_figures(school, login):
    chinese = AssignmentFactory(
        school_class=school.class_a, subject=school.chinese, set_by=school.head
    )
    TierFactory(assignment=chinese, minutes=30)
    client = login(school.teacher)
    client.post(reverse("homework:create"), form_data(school, basic=35, over_limit_reason="测验"))
    maths = Assignment.objects.get(subject=school.maths)
    MarkingRecordFactory(
        assignment=maths, student=school.student_a, marked_by=school.teacher, comment="好"
    )

    def figures():
        # The inspection form's figures, as the inspection group reads them.
        with translation.override("zh-hans"):
            found = evidence.evidence(teacher=school.teacher, term=school.term, start=DAY, end=DAY)
            return {e.key: e.value for e in found}

    before = figures()
    assert before["homework.over_limit_days"] == 1

    client.post(reverse("homework:delete", args=[maths.pk]))

    after = figures()
    assert after["homework.over_limit_days"] == 1
    assert after["homework.marked"] == before["homework.marked"] == 1
    assert LoadOverride.objects.get().reason == "测验"
    assert day_load(school.class_a, DAY).average == Decimal("30.0")
    listed = client.get(reverse("homework:list")).context["page"].object_list
    assert maths.pk not in {a.pk for a in listed}
    detail = client.get(reverse("homework:detail", args=[maths.pk])).content.decode()
    assert 'data-testid="withdrawn"' in detail

    # Undo: back in the lists and the load; the reason recorded before still stands.
    client.post(reverse("homework:restore", args=[maths.pk]))
    maths.refresh_from_db()
    assert not maths.is_withdrawn
    assert day_load(school.class_a, DAY).average == Decimal("65.0")
    listed = client.get(reverse("homework:list")).context["page"].object_list
    assert maths.pk in {a.pk for a in listed}


def test_restoring_over_the_limit_without_a_reason_is_refused(school, login):
    maths = AssignmentFactory(school_class=school.class_a, subject=school.maths)
    TierFactory(assignment=maths, minutes=40)
    services.withdraw_assignment(assignment=maths, user=school.teacher)
    chinese = AssignmentFactory(school_class=school.class_a, subject=school.chinese)
    TierFactory(assignment=chinese, minutes=30)
    client = login(school.teacher)
    response = client.post(reverse("homework:restore", args=[maths.pk]), follow=True)
    assert "Restoring it would put the class over the day" in response.content.decode()
    maths.refresh_from_db()
    assert maths.is_withdrawn


# ---- the live preview counts what is typed -----------------------------------------------


def preview(client, **params):
    response = client.get(reverse("homework:load_preview"), params)
    assert response.status_code == 200
    return response.context["load"]


def test_the_preview_counts_the_minutes_being_typed(school, login):
    client = login(school.teacher)
    pair = f"{school.class_a.pk}-{school.maths.pk}"
    load = preview(
        client,
        pair=pair,
        date=DAY.isoformat(),
        kind="written",
        phase="after",
        default_level="basic",
        basic_minutes="20",
        improving_minutes="25",
        extension_minutes="30",
    )
    assert load.average == Decimal("20.0")
    load = preview(
        client,
        pair=pair,
        date=DAY.isoformat(),
        kind="written",
        phase="after",
        default_level="extension",
        basic_minutes="20",
        improving_minutes="25",
        extension_minutes="30",
    )
    assert load.average == Decimal("30.0")
    # In-class work does not count.
    load = preview(client, pair=pair, date=DAY.isoformat(), phase="in", basic_minutes="20")
    assert load.average == Decimal("0.0")


def test_the_edit_preview_replaces_the_saved_minutes_and_keeps_personal_items(school, login):
    from .factories.homework import PersonalisedItemFactory, StudentTierFactory

    maths = AssignmentFactory(school_class=school.class_a, subject=school.maths)
    TierFactory(assignment=maths, level="basic", minutes=20)
    TierFactory(assignment=maths, level="extension", minutes=40)
    StudentTierFactory(assignment=maths, student=school.student_a, level="extension")
    PersonalisedItemFactory(assignment=maths, student=school.student_a2, minutes=10)
    assert day_load(school.class_a, DAY).average == Decimal("25.0")  # (40 + 10) / 2

    load = preview(
        login(school.teacher),
        assignment=maths.pk,
        date=DAY.isoformat(),
        kind="written",
        phase="after",
        default_level="basic",
        basic_minutes="15",
        extension_minutes="30",
    )
    # 张小明 takes the typed extension (30), 刘小红 keeps her item (10).
    assert load.average == Decimal("20.0")
    assert Tier.objects.get(assignment=maths, level="extension").minutes == 40


def test_the_edit_page_shows_the_preview(school, login):
    maths = AssignmentFactory(school_class=school.class_a, subject=school.maths)
    TierFactory(assignment=maths)
    page = login(school.teacher).get(reverse("homework:edit", args=[maths.pk])).content.decode()
    assert 'id="load-preview"' in page and f'name="assignment" value="{maths.pk}"' in page


def test_the_preview_of_another_class_homework_is_a_404(school, login):
    other = AssignmentFactory(school_class=school.class_b, subject=school.maths)
    response = login(school.teacher).get(
        reverse("homework:load_preview"), {"assignment": other.pk, "date": DAY.isoformat()}
    )
    assert response.status_code == 404


# ---- marking: what was typed is saved ------------------------------------------------


def test_a_row_with_only_a_comment_is_saved(school, login):
    from .factories.homework import class_a_homework

    a = class_a_homework(school)
    p = f"s{school.student_a2.pk}_"
    response = login(school.teacher).post(
        reverse("homework:marking", args=[a.pk]) + "?all=1",
        {p + "submitted": "on", p + "on_time": "on", p + "comment": "订正及时"},
    )
    assert response.status_code == 302
    record = MarkingRecord.objects.get()
    assert record.student == school.student_a2 and record.comment == "订正及时"


def test_a_row_with_only_face_to_face_is_saved(school, login):
    from .factories.homework import class_a_homework

    a = class_a_homework(school)
    p = f"s{school.student_a.pk}_"
    login(school.teacher).post(
        reverse("homework:marking", args=[a.pk]) + "?all=1",
        {p + "submitted": "on", p + "face_to_face": "on"},
    )
    assert MarkingRecord.objects.get().face_to_face


# ---- dates out of range: 404 or this week, never a 500 ------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31", "garbage"])
@pytest.mark.parametrize("name", ["homework:class_day", "homework:notice"])
def test_a_class_day_out_of_range_is_a_404(school, login, day, name):
    response = login(school.teacher).get(reverse(name, args=[school.class_a.pk, day]))
    assert response.status_code == 404


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01", "garbage"])
def test_a_week_out_of_range_shows_this_week_with_a_message(school, login, week):
    response = login(school.leader).get(
        reverse("homework:week"), {"grade": school.grade.pk, "week": week}
    )
    assert response.status_code == 200
    assert "here is this week" in response.content.decode()
    assert response.context["grade"] == school.grade


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01", "garbage"])
def test_the_week_export_out_of_range_exports_this_week(school, login, week):
    response = login(school.leader).get(
        reverse("homework:week_export"), {"grade": school.grade.pk, "week": week}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
