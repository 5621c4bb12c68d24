"""The daily scan: who is reminded of an approaching review, when, and only once."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError
from django.utils import translation

from archives.models import SupportCase
from core.plugins import DueReminder
from reminders import services, tasks
from reminders.models import Reminder, ReminderPreference, ScanRun
from reminders.reminders_due import due as review_due

from .factories.reminders import ReminderFactory
from .factories.school import TeachingAssignmentFactory, UserFactory


@pytest.fixture(autouse=True)
def reminders_one_by_one(settings):
    """These tests follow each reminder on its own; the daily digest has its own tests."""
    settings.REMINDER_DEFAULT_MODE = "immediate"


SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# TermFactory: mid-term review 2026-11-12, end-of-term review 2027-01-14.
MIDTERM = datetime.date(2026, 11, 12)
FINAL = datetime.date(2027, 1, 14)


def at(day: datetime.date, hour: int = 7):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)
    )


def only_review_source():
    return [("reminders", review_due)]


@pytest.fixture
def cases(school):
    """张小明 struggles in maths (class A, taught by teacher); 吴小丽 in Chinese in class C."""
    maths_case = SupportCase.objects.create(
        student=school.student_a,
        subject=school.maths,
        term=school.term,
        identified_by=school.teacher,
    )
    chinese_case = SupportCase.objects.create(
        student=school.student_c,
        subject=school.chinese,
        term=school.term,
        identified_by=school.director,
    )
    helper = UserFactory(username="helper", full_name="帮扶老师")
    chinese_case.responsible_teachers.add(helper)
    SupportCase.objects.create(
        student=school.student_a2,
        subject=school.maths,
        term=school.term,
        identified_by=school.teacher,
        status=SupportCase.Status.IMPROVED,
    )
    return {"maths": maths_case, "chinese": chinese_case, "helper": helper}


def recipients(kind=Reminder.Kind.REVIEW_DUE) -> set[str]:
    return set(Reminder.objects.filter(kind=kind).values_list("user__username", flat=True))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (MIDTERM - datetime.timedelta(days=8), False),  # before the window
        (MIDTERM - datetime.timedelta(days=7), True),  # N = 7 days before
        (MIDTERM - datetime.timedelta(days=2), True),  # a missed day is made up
        (MIDTERM, True),  # the day itself
        (MIDTERM + datetime.timedelta(days=1), False),  # after the review
        (FINAL - datetime.timedelta(days=7), True),
        (FINAL + datetime.timedelta(days=1), False),
    ],
)
def test_review_reminders_only_in_the_days_before_a_review(school, cases, day, expected):
    with at(day):
        services.run_scan(sources=only_review_source())
    assert bool(recipients()) is expected


def test_teachers_with_struggling_students_are_reminded_others_are_not(school, cases):
    with at(MIDTERM - datetime.timedelta(days=7)):
        result = services.run_scan(sources=only_review_source())
    # teacher teaches maths in class A (张小明); director teaches Chinese in class C
    # (吴小丽), and helper is responsible for her case. head teaches Chinese in
    # class A, where nobody struggles in Chinese; 刘小红's case is closed (improved).
    assert recipients() == {"teacher_a", "director_cn", "helper"}
    assert len(result.created) == 3
    reminder = Reminder.objects.get(user=school.teacher)
    assert reminder.key == f"term{school.term.pk}:midterm"
    assert "张小明" in reminder.body
    assert "刘小红" not in reminder.body
    assert "7" in reminder.title
    assert "吴小丽" in Reminder.objects.get(user=cases["helper"]).body


def test_teacher_of_another_term_is_not_reminded(school, cases):
    from .factories.school import TermFactory

    old_term = TermFactory(academic_year="2025-2026")
    other = UserFactory(username="old_teacher")
    TeachingAssignmentFactory(
        term=old_term, teacher=other, school_class=school.class_a, subject=school.maths
    )
    with at(MIDTERM):
        services.run_scan(sources=only_review_source())
    assert "old_teacher" not in recipients()


def test_scanning_twice_creates_nothing_twice(school, cases):
    with at(MIDTERM - datetime.timedelta(days=7)):
        first = services.run_scan(sources=only_review_source())
        second = services.run_scan(sources=only_review_source())
    with at(MIDTERM - datetime.timedelta(days=6)):
        next_day = services.run_scan(sources=only_review_source())
    assert len(first.created) == 3
    assert second.created == [] and second.already_sent == 3
    assert next_day.created == []
    assert Reminder.objects.count() == 3
    assert ScanRun.objects.count() == 2


def test_the_end_of_term_review_is_a_reminder_of_its_own(school, cases):
    with at(MIDTERM):
        services.run_scan(sources=only_review_source())
    with at(FINAL - datetime.timedelta(days=3)):
        services.run_scan(sources=only_review_source())
    keys = set(Reminder.objects.filter(user=school.teacher).values_list("key", flat=True))
    assert keys == {f"term{school.term.pk}:midterm", f"term{school.term.pk}:final"}


def test_the_database_refuses_the_same_reminder_twice(school):
    ReminderFactory(user=school.teacher, kind=Reminder.Kind.REVIEW_DUE, key="term1:midterm")
    with pytest.raises(IntegrityError):
        ReminderFactory(user=school.teacher, kind=Reminder.Kind.REVIEW_DUE, key="term1:midterm")


def test_review_days_before_is_configurable(school, cases, settings):
    settings.REVIEW_REMINDER_DAYS_BEFORE = 3
    with at(MIDTERM - datetime.timedelta(days=4)):
        services.run_scan(sources=only_review_source())
    assert recipients() == set()
    with at(MIDTERM - datetime.timedelta(days=3)):
        services.run_scan(sources=only_review_source())
    assert recipients() == {"teacher_a", "director_cn", "helper"}


def test_a_failing_source_does_not_stop_the_others(school, cases, caplog):
    def broken(*, today):
        raise RuntimeError("archives are down")

    def half_broken(*, today):
        yield DueReminder(school.head.pk, Reminder.Kind.ARCHIVE_STALE, "x", "一条")
        raise RuntimeError("fails midway")

    with at(MIDTERM):
        result = services.run_scan(
            sources=[("broken", broken), ("half", half_broken), ("reminders", review_due)]
        )
    assert result.failures == ["broken", "half"]
    assert recipients() == {"teacher_a", "director_cn", "helper"}
    assert "archives are down" in caplog.text
    assert ScanRun.objects.get().failures == 2


def test_a_failing_reminder_does_not_stop_the_others(school, caplog):
    def source(*, today):
        yield DueReminder(
            school.teacher.pk, Reminder.Kind.ARCHIVE_STALE, "k1", "坏的", url="x" * 600
        )
        yield DueReminder(999999, Reminder.Kind.ARCHIVE_STALE, "k2", "没有这个人")
        yield DueReminder(school.head.pk, Reminder.Kind.ARCHIVE_STALE, "k3", "好的")
        # A kind another app adds (core.plugins.DueReminder.kind_label names it) is welcome.
        yield DueReminder(school.head.pk, "action_due", "k4", "待办", kind_label="待办")

    result = services.run_scan(sources=[("test", source)])
    assert sorted(Reminder.objects.values_list("title", flat=True)) == sorted(["好的", "待办"])
    assert result.failures == ["archive_stale:k1"]


def test_kinds_a_user_turned_off_are_not_created(school, cases):
    ReminderPreference.objects.create(
        user=school.teacher,
        kind=Reminder.Kind.REVIEW_DUE,
        delivery=ReminderPreference.Delivery.OFF,
    )
    with at(MIDTERM):
        result = services.run_scan(sources=only_review_source())
    assert recipients() == {"director_cn", "helper"}
    assert result.not_wanted == 1


def test_email_follows_each_users_preference(school, cases, django_capture_on_commit_callbacks):
    for user in (school.teacher, school.director, cases["helper"]):
        user.email = f"{user.username}@school.test"
        user.save()
    ReminderPreference.objects.create(
        user=school.director,
        kind=Reminder.Kind.REVIEW_DUE,
        delivery=ReminderPreference.Delivery.INBOX,
    )
    with at(MIDTERM), django_capture_on_commit_callbacks(execute=True):
        services.run_scan(sources=only_review_source())
    assert sorted(m.to[0] for m in mail.outbox) == ["helper@school.test", "teacher_a@school.test"]
    assert recipients() == {"teacher_a", "director_cn", "helper"}
    message = next(m for m in mail.outbox if m.to == ["teacher_a@school.test"])
    assert "张小明" in message.body
    assert Reminder.objects.get(user=school.teacher).emailed_at is not None
    assert Reminder.objects.get(user=school.director).emailed_at is None


def test_the_scan_task_runs_eagerly_without_redis(
    school, cases, settings, django_capture_on_commit_callbacks
):
    """The eager fallback: no REDIS_URL, so tasks run in-process, emails included."""
    assert settings.CELERY_TASK_ALWAYS_EAGER
    school.teacher.email = "teacher@school.test"
    school.teacher.save()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = tasks.daily_scan.delay(MIDTERM.isoformat()).get()
    assert outcome["created"] >= 3
    assert Reminder.objects.filter(kind=Reminder.Kind.REVIEW_DUE).count() == 3
    assert [m.to for m in mail.outbox] == [["teacher@school.test"]]


def test_every_kind_the_plugins_send_is_a_kind_of_reminder():
    assert set(Reminder.Kind.values) == {
        "review_due",
        "inspection_due",
        "home_visit_overdue",
        "archive_stale",
        "homework_over_limit",
        "action_due",
        "digest",
    }


def test_review_reminder_lists_stale_archives_and_missing_summaries(school, cases, settings):
    from archives.models import ArchiveSummary, Observation

    # 张小明's archive was written to last on 10-01 (stale by the mid-term), no summary;
    # 刘小红 gets a fresh case with a recent observation and a summary.
    maths_case = cases["maths"]
    maths_case.identified_on = datetime.date(2026, 9, 10)
    maths_case.save()
    Observation.objects.create(
        case=maths_case,
        date=datetime.date(2026, 10, 1),
        kind="classroom",
        rating=2,
        author=school.teacher,
    )
    fresh = SupportCase.objects.create(
        student=school.student_a2,
        subject=school.maths,
        term=school.term,
        identified_by=school.teacher,
        identified_on=datetime.date(2026, 9, 10),
    )
    Observation.objects.create(
        case=fresh,
        date=MIDTERM - datetime.timedelta(days=2),
        kind="homework",
        rating=4,
        author=school.teacher,
    )
    ArchiveSummary.objects.create(
        case=fresh,
        date=MIDTERM - datetime.timedelta(days=3),
        text="进步明显",
        author=school.teacher,
    )
    settings.LANGUAGE_CODE = "en"
    with at(MIDTERM - datetime.timedelta(days=1)):
        services.run_scan(sources=only_review_source())
    body = Reminder.objects.get(user=school.teacher).body
    lines = body.splitlines()
    assert "张小明" in lines[1]  # the archive that needs work comes first
    assert "archive stale since 2026-10-01" in lines[1]
    assert "no summary this term" in lines[1]
    assert "刘小红" in lines[2] and ":" not in lines[2].split("数学")[-1]


def test_every_app_source_is_scanned_and_none_fails(school, cases):
    labels = {label for label, _due in services.plugin_sources()}
    assert labels == {"archives", "homework", "inspections", "family", "reminders"}
    with at(MIDTERM):
        result = services.run_scan()
    assert result.failures == []
    kinds = set(Reminder.objects.values_list("kind", flat=True))
    assert kinds <= set(Reminder.Kind.values)
    assert Reminder.Kind.REVIEW_DUE in kinds


def test_the_beat_schedule_names_the_scan_task(settings):
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["daily-reminder-scan"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert app.tasks[entry["task"]].name == tasks.daily_scan.name


def test_reminders_are_written_in_the_schools_language_whoever_scans(school, cases):
    with at(MIDTERM - datetime.timedelta(days=2)), translation.override("en"):
        services.run_scan(sources=only_review_source())
    reminder = Reminder.objects.get(user=school.teacher)
    assert reminder.title == "期中检查还有 2 天：请补全学困生档案"
    assert "本学期还没有小结" in reminder.body
