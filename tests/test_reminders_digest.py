"""Reminders as a daily digest: one summary and at most one e-mail per person per day,
grouped by kind, written when shown; or each reminder on its own, by the user's choice."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from archives.models import Observation, SupportCase
from reminders import services
from reminders.models import Reminder, ReminderMode

from .factories.students import StudentFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY = datetime.date(2026, 11, 20)  # a Friday of the term, no review window


def at(day: datetime.date, hour: int = 7):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)
    )


@pytest.fixture
def six_stale(school):
    """Six of the maths teacher's struggling students, their archives untouched since October."""
    school.teacher.email = "li@school.test"
    school.teacher.save()
    cases = []
    for n in range(6):
        student = StudentFactory(school_class=school.class_a, name=f"学生{n}")
        case = SupportCase.objects.create(
            student=student,
            subject=school.maths,
            term=school.term,
            identified_by=school.teacher,
            identified_on=datetime.date(2026, 10, 1),
        )
        case.responsible_teachers.add(school.teacher)
        cases.append(case)
    return cases


def scan(django_capture_on_commit_callbacks, day=DAY):
    with at(day), django_capture_on_commit_callbacks(execute=True):
        return services.run_scan(today=day)


def teacher_inbox(school):
    return Reminder.objects.filter(user=school.teacher)


def test_six_stale_cases_make_one_digest_and_one_email(
    school, six_stale, login, django_capture_on_commit_callbacks
):
    scan(django_capture_on_commit_callbacks)
    digests = teacher_inbox(school).filter(kind=Reminder.Kind.DIGEST)
    assert digests.count() == 1
    # The six are recorded (never sent twice) but stand behind the digest.
    assert teacher_inbox(school).filter(kind="archive_stale", in_digest=True).count() == 6
    to_teacher = [m for m in mail.outbox if m.to == ["li@school.test"]]
    assert len(to_teacher) == 1
    assert "6 份进步档案待更新" in to_teacher[0].body

    client = login(school.teacher)
    with at(DAY):
        inbox = client.get(reverse("reminders:inbox"))
    assert [r.kind for r in inbox.context["page"]] == ["digest"]
    assert "2026-11-20 每日提醒" in inbox.content.decode()
    with at(DAY):
        page = client.get(reverse("reminders:detail", args=[digests.get().pk]))
    (line,) = page.context["lines"]
    assert line.text == "6 份进步档案待更新" and line.count == 6
    assert line.url == reverse("archives:case_list") + "?stale=stale"
    with at(DAY):
        listed = client.get(line.url).context["page"]
    assert len(listed) == 6
    with at(DAY):
        kind_list = client.get(reverse("reminders:inbox") + "?kind=archive_stale")
    assert len(kind_list.context["page"]) == 6  # the digest's items, one by one

    # A second scan the same day: no second digest, no second e-mail.
    scan(django_capture_on_commit_callbacks)
    assert teacher_inbox(school).filter(kind=Reminder.Kind.DIGEST).count() == 1
    assert len([m for m in mail.outbox if m.to == ["li@school.test"]]) == 1


def test_the_digest_is_written_when_shown_so_done_work_drops_out(
    school, six_stale, login, django_capture_on_commit_callbacks
):
    scan(django_capture_on_commit_callbacks)
    digest = teacher_inbox(school).get(kind=Reminder.Kind.DIGEST)
    Observation.objects.create(
        case=six_stale[0], author=school.teacher, date=DAY, kind="classroom", rating=4
    )
    client = login(school.teacher)
    with at(DAY, 10):
        page = client.get(reverse("reminders:detail", args=[digest.pk]))
    assert [line.text for line in page.context["lines"]] == ["5 份进步档案待更新"]
    client.cookies["django_language"] = "en"
    with at(DAY, 10):
        english = client.get(reverse("reminders:detail", args=[digest.pk])).content.decode()
    assert "5 progress archives to bring up to date" in english
    assert "Daily digest of 2026-11-20" in english


def test_a_user_who_chose_immediate_reminders_gets_each_on_its_own(
    school, six_stale, login, django_capture_on_commit_callbacks
):
    client = login(school.teacher)
    response = client.post(
        reverse("reminders:preferences"),
        {"mode": "immediate", **{k: "email" for k in services.choosable_kinds()}},
    )
    assert response.status_code == 302
    assert ReminderMode.objects.get(user=school.teacher).mode == "immediate"
    scan(django_capture_on_commit_callbacks)
    assert teacher_inbox(school).filter(kind="archive_stale", in_digest=False).count() == 6
    assert not teacher_inbox(school).filter(kind=Reminder.Kind.DIGEST).exists()
    assert len([m for m in mail.outbox if m.to == ["li@school.test"]]) == 6


def test_a_kind_turned_off_stays_out_of_the_digest(
    school, six_stale, login, django_capture_on_commit_callbacks
):
    from reminders.models import ReminderPreference

    ReminderPreference.objects.create(user=school.teacher, kind="archive_stale", delivery="off")
    scan(django_capture_on_commit_callbacks)
    assert not teacher_inbox(school).exists()


def test_beat_keeps_its_schedule_in_this_checkout(settings):
    from pathlib import Path

    path = Path(settings.CELERY_BEAT_SCHEDULE_FILENAME)
    assert path.is_absolute() and path.parent == Path(settings.BASE_DIR)


def test_a_stored_reminder_is_shown_in_the_readers_language(
    school, six_stale, login, settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_DEFAULT_MODE = "immediate"
    scan(django_capture_on_commit_callbacks)
    reminder = teacher_inbox(school).filter(kind="archive_stale").first()
    assert "天没有记录" in reminder.title  # stored in the school's language
    client = login(school.teacher)
    client.cookies["django_language"] = "en"
    with at(DAY):
        page = client.get(reverse("reminders:detail", args=[reminder.pk])).content.decode()
    assert "archive has had no entry for 50 days" in page
    assert "天没有记录" not in page
