"""Quality review: a sample drawn once per fortnight and kept, who has been reviewed this
term, the reviewed teacher told on the dashboard, reviewers reading the marking records."""

from __future__ import annotations

import datetime

from django.urls import reverse

from homework.models import HomeworkReview, ReviewSample
from school.models import today

from .factories.homework import AssignmentFactory, MarkingRecordFactory, TierFactory


def chinese_homework(school, n=8):
    made = []
    for i in range(n):
        a = AssignmentFactory(
            term=school.term,
            school_class=school.class_a,
            subject=school.chinese,
            set_by=school.head,
            date=today() - datetime.timedelta(days=i % 3),
            title=f"生字{i}",
        )
        TierFactory(assignment=a)
        made.append(a)
    return made


def test_the_sample_is_drawn_once_and_kept(school, login):
    chinese_homework(school)
    client = login(school.director)
    first = [a.pk for a in client.get(reverse("homework:reviews")).context["sample"]]
    again = [a.pk for a in client.get(reverse("homework:reviews")).context["sample"]]
    assert len(first) == 5 and first == again
    assert ReviewSample.objects.filter(reviewer=school.director).count() == 5


def test_coverage_shows_who_has_been_reviewed_this_term(school, login):
    homework = chinese_homework(school, n=2)
    HomeworkReview.objects.create(
        assignment=homework[0], reviewer=school.director, design="good", tiering="good", load="good"
    )
    page = login(school.director).get(reverse("homework:reviews"))
    coverage = {str(c["teacher"]): c["reviews"] for c in page.context["coverage"]}
    assert coverage == {"王老师": 1, "林教导": 0}
    assert page.context["reviewed_count"] == 1


def test_the_reviewed_teacher_sees_the_review_on_the_dashboard(school, login):
    homework = chinese_homework(school, n=1)
    HomeworkReview.objects.create(
        assignment=homework[0],
        reviewer=school.director,
        design="good",
        tiering="improve",
        load="good",
        comments="提高层与基础层区分不够",
    )
    body = login(school.head).get(reverse("dashboard")).content.decode()
    assert "提高层与基础层区分不够" in body


def test_a_reviewer_reads_the_marking_records_of_a_sampled_assignment(school, login):
    from homework.models import ReviewGroupMember

    from .factories.school import UserFactory

    backbone = UserFactory(username="bb_cn", full_name="语文骨干")
    ReviewGroupMember.objects.create(subject=school.chinese, teacher=backbone)
    homework = chinese_homework(school, n=1)[0]
    MarkingRecordFactory(
        assignment=homework, student=school.student_a, marked_by=school.head, comment="字迹工整"
    )
    client = login(backbone)
    sample = client.get(reverse("homework:reviews")).context["sample"]
    assert [a.pk for a in sample] == [homework.pk]
    body = client.get(reverse("homework:detail", args=[homework.pk])).content.decode()
    assert "字迹工整" in body
