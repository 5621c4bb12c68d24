"""Every kind of reminder, made by the real daily scan in the school's language (Chinese),
reads in English for an English reader: in the inbox, each reminder, the dashboard panel
and the daily digest. Nothing Chinese is left but what people wrote (names of students,
classes, subjects and teachers; reasons and notes they typed)."""

from __future__ import annotations

import datetime
import html
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from archives.models import AgreedAction, SupportCase
from homework.models import LoadOverride, OverLimitResponse
from inspections.models import InspectionRound
from reminders import services
from reminders.models import Reminder

from .factories.archives import CaseDiscussionFactory
from .factories.homework import AssignmentFactory, TierFactory
from .test_archives_monitoring_reminders import TODAY as MONITORING_DAY
from .test_archives_monitoring_reminders import monitored
from .test_i18n_every_page import page_texts

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY = datetime.date(2026, 11, 10)  # two days before the mid-term review (TermFactory)
KINDS = {
    "review_due",
    "archive_stale",
    "inspection_due",
    "home_visit_overdue",
    "action_due",
    "homework_over_limit",
}


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 8, tzinfo=SHANGHAI))


def everything_due(school) -> None:
    """One of each: a struggling student (review, stale archive, overdue home visit), an
    inspection round due in two days, an agreed action due, class A over its limit with an
    override saved and the grade leader asking to cut."""
    case = SupportCase.objects.create(
        student=school.student_a,
        subject=school.maths,
        term=school.term,
        identified_by=school.teacher,
        identified_on=datetime.date(2026, 9, 7),
    )
    discussion = CaseDiscussionFactory.create(case=case, author=school.teacher, date=DAY)
    AgreedAction.objects.create(
        discussion=discussion,
        description="每周面批一次",
        owner=school.teacher,
        due_on=DAY - datetime.timedelta(days=1),
    )
    # The discussion is an entry: keep the maths archive stale for the scan all the same.
    SupportCase.objects.create(
        student=school.student_a2,
        subject=school.maths,
        term=school.term,
        identified_by=school.teacher,
        identified_on=datetime.date(2026, 9, 7),
    )
    InspectionRound.objects.create(
        term=school.term,
        kind=InspectionRound.Kind.MIDTERM,
        subject=school.chinese,
        due=DAY + datetime.timedelta(days=2),
        created_by=school.director,
    ).teachers.add(school.head)
    for subject, teacher, minutes in (
        (school.maths, school.teacher, 45),
        (school.chinese, school.head, 35),
    ):
        assignment = AssignmentFactory.create(
            term=school.term, school_class=school.class_a, subject=subject, set_by=teacher, date=DAY
        )
        TierFactory(assignment=assignment, minutes=minutes)
    LoadOverride.objects.create(
        assignment=assignment,
        school_class=school.class_a,
        date=DAY,
        reason="单元测验前复习",
        average_minutes=80,
        limit_minutes=60,
        recorded_by=school.head,
    )
    OverLimitResponse.objects.create(
        school_class=school.class_a,
        date=DAY,
        action=OverLimitResponse.Action.CUT_ASKED,
        note="数学口算减半",
        responded_by=school.leader,
    )


def english(client):
    client.cookies["django_language"] = "en"
    return client


def han_left(html: str) -> list[str]:
    return page_texts().han_left(html)


@pytest.fixture
def immediate(settings):
    settings.REMINDER_DEFAULT_MODE = "immediate"


def test_every_kind_of_reminder_reads_in_english(school, login, immediate):
    with at(DAY):
        everything_due(school)
        result = services.run_scan(send_email=False)
    assert not result.failures
    assert set(Reminder.objects.values_list("kind", flat=True)) >= KINDS
    # Written in the school's language when the scan ran…
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in r.title) for r in Reminder.objects.all())
    for user in {r.user for r in Reminder.objects.select_related("user")}:
        client = english(login(user))
        inbox = client.get(reverse("reminders:inbox")).content.decode()
        assert not han_left(inbox), (user, han_left(inbox))
        for reminder in Reminder.objects.filter(user=user):
            page = client.get(reverse("reminders:detail", args=[reminder.pk])).content.decode()
            assert reminder.shown_title in html.unescape(page)
            assert not han_left(page), (reminder.kind, reminder.key, han_left(page))
        dashboard = client.get(reverse("dashboard")).content.decode()
        assert not han_left(dashboard), (user, han_left(dashboard))


def test_the_english_texts_say_what_the_chinese_ones_say(school, login, immediate):
    with at(DAY):
        everything_due(school)
        services.run_scan(send_email=False)
    client = english(login(school.teacher))
    review = Reminder.objects.get(user=school.teacher, kind="review_due")
    page = html.unescape(client.get(reverse("reminders:detail", args=[review.pk])).content.decode())
    assert "The mid-term review is in 2 days" in page
    assert "· 刘小红 (A002) 数学: archive stale since 2026-09-07; no summary this term" in page
    assert "mid-term review" in page and "期中" not in review.shown_body.replace("期中检查", "")
    action = Reminder.objects.get(user=school.teacher, kind="action_due")
    assert action.shown_title == "1 agreed actions due (1 overdue)"
    client = english(login(school.head))
    visit = Reminder.objects.get(user=school.head, kind="home_visit_overdue")
    assert visit.shown_title == "2 struggling students are overdue for a home visit"
    assert "张小明 (" in visit.shown_body and "days overdue)" in visit.shown_body
    inspection = Reminder.objects.get(user=school.head, kind="inspection_due")
    assert "Mid-term inspection · 语文" in inspection.shown_title


def test_a_monitoring_decision_reminder_reads_in_english(school, login, immediate):
    with at(MONITORING_DAY):
        monitored(school, [10, 10, 10, 10, 10, 10])
        services.run_scan(send_email=False)
    adjust = Reminder.objects.get(user=school.teacher, key__startswith="monitoring_adjust")
    assert "调整" in adjust.title
    page = english(login(school.teacher)).get(reverse("reminders:detail", args=[adjust.pk]))
    text = html.unescape(page.content.decode())
    assert "adjust the support" in text and "goal line" in text
    assert not han_left(text), han_left(text)


def test_the_daily_digest_reads_in_english(school, login, settings):
    settings.REMINDER_DEFAULT_MODE = "digest"
    with at(DAY):
        everything_due(school)
        services.run_scan(send_email=False)
        digest = Reminder.objects.get(user=school.teacher, kind="digest")
        client = english(login(school.teacher))
        text = client.get(reverse("reminders:detail", args=[digest.pk])).content.decode()
        assert "Daily digest of 2026-11-10" in text
        assert "agreed action" in text
        assert not han_left(text), han_left(text)


def test_an_erased_student_reads_as_erased_in_english(school, login, immediate):
    from core.plugins import erase_student

    with at(DAY):
        everything_due(school)
        services.run_scan(send_email=False)
    erase_student(school.student_a)
    visit = Reminder.objects.get(user=school.head, kind="home_visit_overdue")
    assert "张小明" not in visit.body and "张小明" not in str(visit.params)
    client = english(login(school.head))
    text = client.get(reverse("reminders:detail", args=[visit.pk])).content.decode()
    assert "Erased student" in text and "已删除学生" not in text
