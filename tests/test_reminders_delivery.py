"""Email delivery (idempotent, retried with backoff), the dashboard panel and the fallback scan."""

from __future__ import annotations

import datetime
import smtplib
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.urls import reverse

from archives.models import SupportCase
from reminders import services, tasks
from reminders.models import Reminder, ScanRun

from .factories.reminders import ReminderFactory


@pytest.fixture(autouse=True)
def reminders_one_by_one(settings):
    """These tests follow each reminder on its own; the daily digest has its own tests."""
    settings.REMINDER_DEFAULT_MODE = "immediate"


SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


class FlakyBackend(LocmemBackend):
    """A mail server that refuses the first ``failures`` messages, then accepts."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("connection lost")
        return super().send_messages(messages)


@pytest.fixture
def emailed_reminder(school):
    school.teacher.email = "teacher@school.test"
    school.teacher.save()
    return ReminderFactory(user=school.teacher, email_wanted=True, title="期中检查临近")


def test_the_email_task_sends_once(emailed_reminder):
    assert tasks.send_reminder_email.delay(emailed_reminder.pk).get() is True
    assert tasks.send_reminder_email.delay(emailed_reminder.pk).get() is False
    assert len(mail.outbox) == 1
    assert "期中检查临近" in mail.outbox[0].subject
    emailed_reminder.refresh_from_db()
    assert emailed_reminder.emailed_at is not None


@pytest.fixture
def eager_retries():
    """Eager tasks retry in-process only when exceptions do not propagate (CELERY_TASK_EAGER_PROPAGATES)."""
    from config.celery import app

    saved = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = saved


def test_the_email_task_retries_when_the_mail_server_fails(
    emailed_reminder, settings, eager_retries
):
    settings.EMAIL_BACKEND = "tests.test_reminders_delivery.FlakyBackend"
    FlakyBackend.failures = 2
    result = tasks.send_reminder_email.apply(args=[emailed_reminder.pk])
    assert result.get() is True
    assert FlakyBackend.failures == 0
    assert len(mail.outbox) == 1
    emailed_reminder.refresh_from_db()
    assert emailed_reminder.emailed_at is not None


def test_the_email_task_gives_up_after_its_retries_and_the_reminder_stays_unsent(
    emailed_reminder, settings, eager_retries
):
    settings.EMAIL_BACKEND = "tests.test_reminders_delivery.FlakyBackend"
    FlakyBackend.failures = 100
    result = tasks.send_reminder_email.apply(args=[emailed_reminder.pk])
    FlakyBackend.failures = 0
    assert isinstance(result.result, smtplib.SMTPException)
    emailed_reminder.refresh_from_db()
    assert emailed_reminder.emailed_at is None


def test_the_email_task_is_configured_for_late_acks_and_backoff():
    task = tasks.send_reminder_email
    assert task.acks_late and task.reject_on_worker_lost
    assert smtplib.SMTPException in task.autoretry_for
    assert task.retry_backoff and task.retry_jitter and task.max_retries
    assert tasks.daily_scan.acks_late


def test_no_email_without_an_address_or_for_inbox_only(school):
    no_address = ReminderFactory(user=school.head, email_wanted=True)
    inbox_only = ReminderFactory(user=school.teacher, email_wanted=False)
    school.teacher.email = "t@school.test"
    school.teacher.save()
    assert tasks.send_reminder_email.delay(no_address.pk).get() is False
    assert tasks.send_reminder_email.delay(inbox_only.pk).get() is False
    assert tasks.send_reminder_email.delay(987654).get() is False
    assert mail.outbox == []


def test_a_failing_email_does_not_undo_the_scan(
    school, settings, django_capture_on_commit_callbacks
):
    """In eager mode the mail server's failure surfaces at commit: logged, reminders kept."""
    settings.EMAIL_BACKEND = "tests.test_reminders_delivery.FlakyBackend"
    FlakyBackend.failures = 100
    school.teacher.email = "t@school.test"
    school.teacher.save()
    SupportCase.objects.create(
        student=school.student_a,
        subject=school.maths,
        term=school.term,
        identified_by=school.teacher,
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = services.run_scan(today=school.term.midterm_review)
    FlakyBackend.failures = 0
    assert len(result.created) == 1
    assert Reminder.objects.get(user=school.teacher).emailed_at is None


def test_the_dashboard_panel_shows_unread_reminders(school, login):
    ReminderFactory(user=school.teacher, title="请家访")
    ReminderFactory(user=school.teacher, title="已看过", read_at="2026-11-01T08:00Z")
    response = login(school.teacher).get(reverse("dashboard"))
    assert "请家访" in response.text
    assert "已看过" not in response.text


@pytest.fixture
def case(school):
    return SupportCase.objects.create(
        student=school.student_a,
        subject=school.maths,
        term=school.term,
        identified_by=school.teacher,
    )


def test_without_redis_the_first_dashboard_view_after_scan_time_runs_the_scan(
    school, case, login, settings
):
    settings.REMINDER_SCAN_IN_PROCESS = True
    review = school.term.midterm_review
    client = login(school.teacher)
    early = datetime.datetime(review.year, review.month, review.day, 6, 0, tzinfo=SHANGHAI)
    with time_machine.travel(early, tick=False):
        client.get(reverse("dashboard"))
    assert not Reminder.objects.exists()  # before 06:30, the scan time
    with time_machine.travel(early + datetime.timedelta(hours=1), tick=False):
        response = client.get(reverse("dashboard"))
        assert ScanRun.objects.get(day=review).finished_at is not None
        assert Reminder.objects.filter(user=school.teacher).count() == 1
        assert "期中" in response.text or "mid-term" in response.text
        client.get(reverse("dashboard"))
    assert ScanRun.objects.count() == 1


def test_in_process_scan_is_off_with_a_broker(settings):
    settings.REMINDER_SCAN_IN_PROCESS = False
    assert services.scan_in_process_enabled() is False
    settings.REMINDER_SCAN_IN_PROCESS = True
    assert services.scan_in_process_enabled() is True


def test_the_scan_reminders_command(school, case, capsys):
    call_command("scan_reminders", "--date", school.term.midterm_review.isoformat())
    assert "1 reminders created" in capsys.readouterr().out
    call_command("scan_reminders", "--date", school.term.midterm_review.isoformat())
    assert "0 reminders created" in capsys.readouterr().out
    assert Reminder.objects.count() == 1


def test_the_scan_reminders_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("scan_reminders", "--date", "next tuesday")


def test_the_next_scan_sends_emails_that_did_not_go_out(
    school, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_reminders_delivery.FlakyBackend"
    school.teacher.email = "t@school.test"
    school.teacher.save()
    SupportCase.objects.create(
        student=school.student_a,
        subject=school.maths,
        term=school.term,
        identified_by=school.teacher,
    )
    review = school.term.midterm_review
    FlakyBackend.failures = 100
    with time_machine.travel(datetime.datetime(2026, 11, 10, 7, tzinfo=SHANGHAI)):
        with django_capture_on_commit_callbacks(execute=True):
            services.run_scan(today=review - datetime.timedelta(days=2))
    FlakyBackend.failures = 0
    assert mail.outbox == []
    with time_machine.travel(datetime.datetime(2026, 11, 11, 7, tzinfo=SHANGHAI)):
        with django_capture_on_commit_callbacks(execute=True):
            result = services.run_scan(today=review - datetime.timedelta(days=1))
    assert result.created == [] and result.requeued == 1
    assert [m.to for m in mail.outbox] == [["t@school.test"]]
    # Sent now: the day after, nothing is queued again.
    with time_machine.travel(datetime.datetime(2026, 11, 12, 7, tzinfo=SHANGHAI)):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.run_scan(today=review).requeued == 0
    assert len(mail.outbox) == 1


def test_the_dashboard_panel_queries_do_not_grow_with_reminders(
    school, login, django_assert_max_num_queries
):
    client = login(school.teacher)
    ReminderFactory.create_batch(2, user=school.teacher)
    client.get(reverse("dashboard"))
    with django_assert_max_num_queries(200) as few:
        client.get(reverse("dashboard"))
    ReminderFactory.create_batch(20, user=school.teacher)
    with django_assert_max_num_queries(200) as many:
        response = client.get(reverse("dashboard"))
    assert "22" in response.text

    def ours(captured):
        return [q for q in captured.captured_queries if "reminders_reminder" in q["sql"]]

    assert len(ours(few)) == len(ours(many)) == 2  # one count (panel and badge), the panel's five
    assert len(many.captured_queries) == len(few.captured_queries)
