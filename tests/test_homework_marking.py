"""Marking records for struggling students, in the archive timeline; evidence; reminders."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from archives.models import SupportCase
from homework import evidence, reminders_due, timeline
from homework.models import HomeworkReview, LoadOverride, MarkingRecord
from school.scoping import Scope

from .factories.homework import (
    DAY,
    AssignmentFactory,
    HomeworkReviewFactory,
    MarkingRecordFactory,
    TierFactory,
    class_a_homework,
)


def open_case(school, student=None, subject=None):
    return SupportCase.objects.create(
        student=student or school.student_a2,
        subject=subject or school.maths,
        term=school.term,
        identified_by=school.teacher,
    )


def test_the_grid_lists_the_struggling_students_and_saves_several_at_once(school, login):
    a = class_a_homework(school)
    open_case(school)
    client = login(school.teacher)
    page = client.get(reverse("homework:marking", args=[a.pk]))
    assert [r["student"] for r in page.context["form"].rows] == [school.student_a2]
    everyone = client.get(reverse("homework:marking", args=[a.pk]), {"all": 1})
    assert len(everyone.context["form"].rows) == 2
    p1, p2 = f"s{school.student_a.pk}_", f"s{school.student_a2.pk}_"
    response = client.post(
        reverse("homework:marking", args=[a.pk]) + "?all=1",
        {
            p1 + "record": "on",
            p1 + "submitted": "",
            p1 + "quality": "",
            p2 + "record": "on",
            p2 + "submitted": "on",
            p2 + "on_time": "on",
            p2 + "quality": "B",
            p2 + "face_to_face": "on",
            p2 + "mistakes": "进位漏写",
            p2 + "comment": "订正及时，有进步。",
        },
    )
    assert response.status_code == 302
    records = {m.student: m for m in MarkingRecord.objects.all()}
    assert not records[school.student_a].submitted and records[school.student_a].rating == 1
    r2 = records[school.student_a2]
    assert (r2.quality, r2.face_to_face, r2.comment, r2.marked_by) == (
        "B",
        True,
        "订正及时，有进步。",
        school.teacher,
    )
    assert r2.rating == 4


def test_submitted_homework_needs_a_quality_grade(school, login):
    a = class_a_homework(school)
    open_case(school)
    p = f"s{school.student_a2.pk}_"
    response = login(school.teacher).post(
        reverse("homework:marking", args=[a.pk]), {p + "record": "on", p + "submitted": "on"}
    )
    assert response.status_code == 200
    assert not MarkingRecord.objects.exists()


def test_untouched_unticked_rows_are_not_saved_and_saving_again_updates(school, login):
    a = class_a_homework(school)
    open_case(school)
    p = f"s{school.student_a2.pk}_"
    client = login(school.teacher)
    url = reverse("homework:marking", args=[a.pk])
    # The row as the page shows it, nothing entered: not a marking record.
    client.post(url, {p + "submitted": "on", p + "on_time": "on"})
    assert not MarkingRecord.objects.exists()
    client.post(url, {p + "record": "on", p + "submitted": "on", p + "quality": "C"})
    client.post(url, {p + "record": "on", p + "submitted": "on", p + "quality": "A"})
    assert MarkingRecord.objects.get().quality == "A"


def test_grade_leader_cannot_mark(school, login):
    a = class_a_homework(school)
    assert login(school.leader).get(reverse("homework:marking", args=[a.pk])).status_code == 403


def test_marking_records_appear_in_the_students_timeline(school, django_assert_num_queries):
    a = class_a_homework(school)
    MarkingRecordFactory(
        assignment=a, student=school.student_a2, quality="A", face_to_face=True, comment="真棒"
    )
    later = AssignmentFactory(
        school_class=school.class_a, subject=school.maths, date=DAY + datetime.timedelta(days=1)
    )
    MarkingRecordFactory(
        assignment=later, student=school.student_a2, submitted=False, on_time=False, quality=""
    )
    other_subject = AssignmentFactory(school_class=school.class_a, subject=school.chinese)
    MarkingRecordFactory(assignment=other_subject, student=school.student_a2)

    scope = Scope.for_user(school.teacher)
    # The records and their photos of the work, in one query.
    with django_assert_num_queries(1):
        entries = timeline.entries(
            scope=scope, student=school.student_a2, subject=school.maths, term=school.term
        )
    assert [(e.kind, e.date, e.rating) for e in entries] == [
        ("homework_marking", DAY, 5),
        ("homework_marking", DAY + datetime.timedelta(days=1), 1),
    ]
    assert "真棒" in entries[0].body
    assert entries[0].url == reverse("homework:detail", args=[a.pk])


def test_the_timeline_respects_the_scope(school):
    a = class_a_homework(school)
    MarkingRecordFactory(assignment=a, student=school.student_a2)
    scope = Scope.for_user(school.stranger)
    assert (
        timeline.entries(
            scope=scope, student=school.student_a2, subject=school.maths, term=school.term
        )
        == []
    )


def test_evidence_counts_the_teachers_homework(school):
    a = class_a_homework(school)  # two tiers
    single = AssignmentFactory(
        school_class=school.class_a, subject=school.maths, set_by=school.teacher
    )
    TierFactory(assignment=single)
    MarkingRecordFactory(
        assignment=a,
        student=school.student_a2,
        marked_by=school.teacher,
        face_to_face=True,
        comment="好",
    )
    MarkingRecordFactory(assignment=a, student=school.student_a, marked_by=school.teacher)
    LoadOverride.objects.create(
        assignment=a,
        school_class=school.class_a,
        date=DAY,
        reason="测验",
        average_minutes=65,
        limit_minutes=60,
        recorded_by=school.teacher,
    )
    HomeworkReviewFactory(assignment=a, reviewer=school.director)
    figures = {
        e.key: e.display
        for e in evidence.evidence(teacher=school.teacher, term=school.term, start=DAY, end=DAY)
        if e.key != "homework.mistakes"
    }
    assert figures == {
        "lessons.prepared": "0",
        "lessons.reflections": "0",
        "homework.tiered_share": "1/2 · 50%",  # two after-class written, one tiered
        "homework.personalised": "0",
        "homework.green_practical": "0",
        "homework.over_limit_days": "1",
        "homework.reviews": "1",
        "homework.collected": "2/4 · 50%",  # 2 assignments × 2 students of class A
        "homework.marked": "2/2 · 100%",
        "homework.commented": "0/0 · —",  # no struggling student
        "homework.corrected": "0/0 · —",
        "homework.face_to_face": "1/2 · 50%",
    }


def test_grade_leaders_are_reminded_of_todays_over_limit_classes(school):
    today = DAY
    for subject, minutes in ((school.chinese, 40), (school.maths, 30)):
        a = AssignmentFactory(school_class=school.class_a, subject=subject, date=today)
        TierFactory(assignment=a, minutes=minutes)
    old = AssignmentFactory(
        school_class=school.class_b, subject=school.maths, date=today - datetime.timedelta(days=5)
    )
    TierFactory(assignment=old, minutes=99)
    due = list(reminders_due.due(today=today))
    assert [(r.user_id, r.kind, r.key) for r in due] == [
        (school.leader.pk, "homework_over_limit", f"{school.class_a.pk}:{today.isoformat()}")
    ]
    assert "70" in due[0].body


def test_a_director_reviews_and_the_teacher_sees_the_review(school, login):
    a = class_a_homework(school)
    chinese = AssignmentFactory(
        school_class=school.class_a, subject=school.chinese, set_by=school.head
    )
    director = login(school.director)
    assert director.get(reverse("homework:review", args=[a.pk])).status_code == 404  # maths
    response = director.post(
        reverse("homework:review", args=[chinese.pk]),
        {"design": "good", "tiering": "improve", "load": "good", "comments": "分层不够"},
    )
    assert response.status_code == 302
    review = HomeworkReview.objects.get()
    assert review.reviewer == school.director
    head = login(school.head)
    page = head.get(reverse("homework:reviews"))
    assert list(page.context["page"].object_list) == [review]
    assert "分层不够" in head.get(reverse("homework:detail", args=[chinese.pk])).content.decode()


def test_a_teacher_cannot_review(school, login):
    a = class_a_homework(school)
    assert login(school.teacher).get(reverse("homework:review", args=[a.pk])).status_code == 403


def test_a_review_group_member_reviews_the_subject_school_wide(school, login):
    from homework.models import ReviewGroupMember

    a = class_a_homework(school)
    ReviewGroupMember.objects.create(subject=school.maths, teacher=school.stranger)
    client = login(school.stranger)
    assert client.get(reverse("homework:review", args=[a.pk])).status_code == 200
    assert client.get(reverse("homework:detail", args=[a.pk])).status_code == 200
    assert client.get(reverse("homework:reviews")).status_code == 200


def test_the_review_list_runs_a_constant_number_of_queries(school, login, constant_queries):
    def add(rows):
        for _ in range(rows):
            a = AssignmentFactory(
                school_class=school.class_a, subject=school.chinese, set_by=school.head
            )
            HomeworkReviewFactory(assignment=a, reviewer=school.director)

    add(3)
    client = login(school.head)
    constant_queries(lambda: client.get(reverse("homework:reviews")), lambda: add(27))
    assert len(client.get(reverse("homework:reviews")).context["page"].object_list) == 30


def test_a_director_manages_their_subjects_review_group(school, login):
    from homework.models import ReviewGroupMember

    client = login(school.director)
    page = client.get(reverse("homework:review_group"))
    assert list(page.context["form"].fields["subject"].queryset) == [school.chinese]
    response = client.post(
        reverse("homework:review_group"), {"subject": school.maths.pk, "teacher": school.head.pk}
    )
    assert response.status_code == 200 and not ReviewGroupMember.objects.exists()
    client.post(
        reverse("homework:review_group"), {"subject": school.chinese.pk, "teacher": school.head.pk}
    )
    member = ReviewGroupMember.objects.get()
    maths_member = ReviewGroupMember.objects.create(subject=school.maths, teacher=school.teacher)
    url = reverse("homework:review_group_remove", args=[maths_member.pk])
    assert client.post(url).status_code == 404
    assert client.post(reverse("homework:review_group_remove", args=[member.pk])).status_code == 302
    assert list(ReviewGroupMember.objects.all()) == [maths_member]
    assert login(school.teacher).get(reverse("homework:review_group")).status_code == 403


@pytest.mark.parametrize(
    ("who", "url_name", "params"),
    [
        ("teacher", "homework:marking", {"all": 1}),
        ("teacher", "homework:students", {}),
        ("teacher", "homework:detail", {}),
        ("director", "homework:review_group", {}),
    ],
)
def test_the_per_student_pages_run_a_constant_number_of_queries(
    school, login, constant_queries, who, url_name, params
):
    from homework.models import ReviewGroupMember

    from .factories.school import UserFactory
    from .factories.students import StudentFactory

    a = class_a_homework(school)

    def add(students):
        for _ in range(students):
            s = StudentFactory(school_class=school.class_a)
            open_case(school, student=s)
            MarkingRecordFactory(assignment=a, student=s)
            ReviewGroupMember.objects.create(subject=school.chinese, teacher=UserFactory())

    add(1)
    client = login(getattr(school, who))
    url = reverse(url_name, args=[] if url_name == "homework:review_group" else [a.pk])

    def fetch():
        assert client.get(url, params).status_code == 200

    constant_queries(fetch, lambda: add(27), max_queries=30)
