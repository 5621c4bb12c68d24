"""Anonymised case studies: drafted from the archive, no names, numbers or full dates,
published by the subject's director, searchable, linked from strategies; sharing sessions."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse

from archives.models import CaseMeasure, SupportCase, SupportGoal, SupportMeasure
from collab.evidence import evidence
from collab.models import CaseStudy, SharingSession
from school.models import today

from .factories.archives import ObservationFactory, TutoringSessionFactory
from .factories.students import SupportCaseFactory


def _improved_case(school):
    case = SupportCaseFactory(
        student=school.student_a,
        subject=school.chinese,
        term=school.term,
        identified_by=school.head,
        status=SupportCase.Status.IMPROVED,
        difficulty_type="weak_foundation",
        root_cause="张小明五年级转学而来，父亲电话13812345678，王老师多次家访。",
        how_it_shows="小明默写错误多，刘小红和他同桌时会提醒他。",
    )
    SupportGoal.objects.create(
        case=case,
        step=1,
        description="降低目标，让张小明初尝成功",
        target="默写对一半",
        outcome="met",
    )
    SupportGoal.objects.create(case=case, step=2, description="提升目标，充分表扬", outcome="met")
    CaseMeasure.objects.create(case=case, measure=SupportMeasure.objects.get(name="分层作业"))
    for day, note in [
        (9, "张小明主动举手"),
        (10, "李老师面批后订正及时"),
        (11, "2026-11-20 默写全对"),
    ]:
        ObservationFactory(
            case=case, author=school.head, date=datetime.date(2026, day, 5), note=note
        )
    TutoringSessionFactory(
        case=case, author=school.head, content="A001 号学生一对一辅导", result="小明进步明显"
    )
    return case


FORBIDDEN = ("张小明", "小明", "刘小红", "王老师", "李老师", "A001", "A002", "13812345678")


def _assert_anonymous(text: str) -> None:
    for word in FORBIDDEN:
        assert word not in text, word
    assert not re.search(r"\d{4}-\d{1,2}-\d{1,2}", text)
    assert not re.search(r"\d{1,2}月\d{1,2}日", text)


def test_bangfu_drafts_an_anonymised_study_from_the_archive(school, login):
    case = _improved_case(school)
    page = login(school.head).get(reverse("collab:study_create", args=[case.pk]))
    initial = page.context["form"].initial
    text = "\n".join(initial[f] for f in CaseStudy.TEXT_FIELDS)
    _assert_anonymous(text)
    assert "学生甲" in text and "同学" in text and "教师" in text
    assert "降低目标" in initial["steps"] and "分层作业" in initial["steps"]
    assert "达成" in initial["results"] or "Met" in initial["results"]
    assert "2026年11月" in initial["results"]


def test_a_published_study_carries_no_names_or_numbers(school, login):
    case = _improved_case(school)
    client = login(school.head)
    page = client.get(reverse("collab:study_create", args=[case.pk]))
    data = {k: v for k, v in page.context["form"].initial.items() if k != "strategies"}
    # The teacher types names back in while editing: they are taken out again.
    data["reflection"] = (
        "张小明的进步离不开王老师和家长（电话13812345678）的配合，2026年10月8日起坚持。"
    )
    data["strategies"] = page.context["form"].initial["strategies"]
    data["submit_now"] = "on"
    response = client.post(reverse("collab:study_create", args=[case.pk]), data)
    study = CaseStudy.objects.get()
    assert response.status_code == 302 and study.status == "submitted"
    login(school.director).post(
        reverse("collab:study_review", args=[study.pk]), {"decision": "publish"}
    )
    study.refresh_from_db()
    assert study.status == "published" and study.reviewed_by == school.director
    for field in CaseStudy.TEXT_FIELDS:
        _assert_anonymous(getattr(study, field))
    html = login(school.stranger).get(reverse("collab:study", args=[study.pk])).content.decode()
    _assert_anonymous(html.split('id="study-text"')[1].split("</div>")[0])
    assert "2026年10月" in study.reflection


def test_the_original_case_is_linked_only_for_who_could_see_it(school, login):
    case = _improved_case(school)
    study = CaseStudy.objects.create(
        source_case=case,
        title="学生甲的三步",
        subject=school.chinese,
        author=school.head,
        status="published",
    )
    archive = reverse("archives:archive", args=[case.pk])
    assert (
        archive in login(school.head).get(reverse("collab:study", args=[study.pk])).content.decode()
    )
    assert (
        archive
        not in login(school.stranger).get(reverse("collab:study", args=[study.pk])).content.decode()
    )
    assert (
        archive
        not in login(school.teacher).get(reverse("collab:study", args=[study.pk])).content.decode()
    )


def test_a_draft_is_seen_by_its_author_and_reviewers_only(school, login):
    study = CaseStudy.objects.create(title="草稿", subject=school.chinese, author=school.head)
    url = reverse("collab:study", args=[study.pk])
    assert login(school.head).get(url).status_code == 200
    assert login(school.director).get(url).status_code == 200
    assert login(school.stranger).get(url).status_code == 404
    # Only the subject's director publishes.
    login(school.head).post(
        reverse("collab:study_review", args=[study.pk]), {"decision": "publish"}
    )
    study.refresh_from_db()
    assert study.status == "draft"


def test_published_studies_are_searchable_and_linked_from_their_strategies(school, login):
    layered = SupportMeasure.objects.get(name="分层作业")
    peer = SupportMeasure.objects.get(name="同伴互助")
    one = CaseStudy.objects.create(
        title="分层作业的案例",
        subject=school.maths,
        author=school.teacher,
        status="published",
        causes=["weak_foundation"],
        difficulty_type="weak_foundation",
    )
    one.strategies.set([layered])
    two = CaseStudy.objects.create(
        title="同伴互助的案例",
        subject=school.chinese,
        author=school.head,
        status="published",
        causes=["attitude"],
        difficulty_type="lost_interest",
    )
    two.strategies.set([peer])
    client = login(school.stranger)

    def found(**params):
        return [s.title for s in client.get(reverse("collab:studies"), params).context["page"]]

    assert sorted(found()) == ["分层作业的案例", "同伴互助的案例"]
    assert found(strategy=layered.pk) == ["分层作业的案例"]
    assert found(cause="attitude") == ["同伴互助的案例"]
    assert found(type="weak_foundation", subject=school.maths.pk) == ["分层作业的案例"]
    html = client.get(reverse("archives:strategy_detail", args=[layered.pk])).content.decode()
    assert "分层作业的案例" in html and "同伴互助的案例" not in html


def test_a_sharing_session_presents_a_study_and_counts_for_the_teacher(school, login):
    study = CaseStudy.objects.create(
        title="学生甲的三步", subject=school.chinese, author=school.head, status="published"
    )
    client = login(school.director)
    response = client.post(
        reverse("collab:session_create"),
        {
            "kind": "sharing",
            "date": today().isoformat(),
            "topic": "学困生转化经验交流",
            "presenters": [school.head.pk],
            "attendees": [school.teacher.pk, school.head.pk],
            "case_studies": [study.pk],
            "record": "推广分层作业",
        },
    )
    session = SharingSession.objects.get()
    assert response.status_code == 302 and session.organiser == school.director
    assert (
        "学困生转化经验交流"
        in client.get(reverse("collab:study", args=[study.pk])).content.decode()
    )
    figures = {
        e.label: e.value
        for e in evidence(
            teacher=school.head, term=school.term, start=school.term.start, end=today()
        )
    }
    assert list(figures.values()) == [1, 1]
    figures = {
        e.label: e.value
        for e in evidence(
            teacher=school.teacher, term=school.term, start=school.term.start, end=today()
        )
    }
    assert list(figures.values()) == [0, 1]


def test_a_session_dated_after_today_is_refused(school, login, unchanged):
    with unchanged(SharingSession):
        response = login(school.director).post(
            reverse("collab:session_create"),
            {
                "kind": "sharing",
                "date": (today() + datetime.timedelta(days=2)).isoformat(),
                "topic": "未来的会",
            },
        )
    assert response.status_code == 200 and response.context["form"].errors["date"]
    assert response.context["form"]["topic"].value() == "未来的会"


def test_the_study_list_runs_a_constant_number_of_queries(school, login, constant_queries):
    client = login(school.teacher)
    numbers = iter(range(100))

    def grow():
        for _i in range(5):
            n = next(numbers)
            s = CaseStudy.objects.create(
                title=f"案例{n}", subject=school.maths, author=school.head, status="published"
            )
            s.strategies.set(SupportMeasure.objects.all()[:2])

    grow()
    constant_queries(lambda: client.get(reverse("collab:studies")), grow)


def test_erasing_a_student_clears_what_meetings_wrote(school):
    from collab.erasure import erase
    from collab.models import MeetingAction, MeetingItem

    from .factories.collab import meeting_a

    meeting = meeting_a(school)
    item = MeetingItem.objects.get(meeting=meeting)
    item.decision = "张小明每周面批两次"
    item.reasons = ["数学：档案已久未记录"]
    item.save()
    MeetingAction.objects.create(
        item=item, description="张小明的面批", owner=school.teacher, due_on=today()
    )
    study = CaseStudy.objects.create(
        source_case=item.case, title="学生甲", subject=school.maths, author=school.teacher
    )
    erase(school.student_a)
    item.refresh_from_db()
    study.refresh_from_db()
    assert item.decision == "" and item.reasons == []
    assert "张小明" not in MeetingAction.objects.get().description
    assert study.source_case is None
    assert not item.history.filter(decision__contains="张小明").exists()
