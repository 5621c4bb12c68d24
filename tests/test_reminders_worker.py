"""A real Celery worker on the machine's Redis: the beat's task runs, the inbox and mailbox fill.

Eager mode is not a test of Celery. Here the scan goes through the broker to a
worker thread (celery.contrib.testing.worker), which queues each email as a
second task after its transaction commits, exactly as in production.
"""

from __future__ import annotations

import datetime
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from archives.models import SupportCase
from config.celery import app
from reminders import tasks
from reminders.models import Reminder, ReminderPreference


@pytest.fixture(autouse=True)
def reminders_one_by_one(settings):
    """These tests follow each reminder on its own; the daily digest has its own tests."""
    settings.REMINDER_DEFAULT_MODE = "immediate"


REDIS_TEST_URL = "redis://127.0.0.1:6379/5"
# A queue of this test run's own (the app caches its queues: one name per process).
QUEUE = f"bangfu-test-{uuid.uuid4().hex[:8]}"


def redis_answers() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


def forget_connections() -> None:
    """Drop what the app built from its earlier (eager, memory://) configuration."""
    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)
    app.__dict__.pop("amqp", None)


@pytest.fixture
def celery_on_redis(settings):
    """Point the Celery app at Redis (DB 5, a queue of this run's own), not eager."""
    if not redis_answers():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    changes = {
        "broker_url": REDIS_TEST_URL,
        "result_backend": REDIS_TEST_URL,
        "task_always_eager": False,
        "task_default_queue": QUEUE,
    }
    settings.CELERY_BROKER_URL = REDIS_TEST_URL
    settings.CELERY_RESULT_BACKEND = REDIS_TEST_URL
    settings.CELERY_TASK_ALWAYS_EAGER = False
    saved = {key: app.conf[key] for key in changes}
    app.conf.update(changes)
    forget_connections()
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=20.0) as worker:
            yield worker
    finally:
        app.conf.update(saved)
        forget_connections()


def wait_for(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_the_review_reminder_to_inbox_and_mailbox(school, celery_on_redis):
    school.teacher.email = "teacher@school.test"
    school.teacher.save()
    SupportCase.objects.create(
        student=school.student_a,
        subject=school.maths,
        term=school.term,
        identified_by=school.teacher,
    )
    review = school.term.midterm_review

    result = tasks.daily_scan.delay((review - datetime.timedelta(days=1)).isoformat())
    outcome = result.get(timeout=30)

    assert outcome["created"] == 1
    reminder = Reminder.objects.get(user=school.teacher)
    assert reminder.kind == Reminder.Kind.REVIEW_DUE
    assert reminder.read_at is None
    # The email is a second task, queued on commit, run by the same worker.
    assert wait_for(lambda: len(mail.outbox) == 1), "no email arrived"
    assert mail.outbox[0].to == ["teacher@school.test"]
    assert "张小明" in mail.outbox[0].body
    assert wait_for(lambda: Reminder.objects.get(pk=reminder.pk).emailed_at is not None)

    # Delivered again (a redelivery after a worker died): nothing twice.
    again = tasks.daily_scan.delay((review - datetime.timedelta(days=1)).isoformat())
    assert again.get(timeout=30)["created"] == 0
    assert tasks.send_reminder_email.delay(reminder.pk).get(timeout=30) is False
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_respects_inbox_only(school, celery_on_redis):
    school.teacher.email = "teacher@school.test"
    school.teacher.save()
    ReminderPreference.objects.create(
        user=school.teacher,
        kind=Reminder.Kind.REVIEW_DUE,
        delivery=ReminderPreference.Delivery.INBOX,
    )
    SupportCase.objects.create(
        student=school.student_a,
        subject=school.maths,
        term=school.term,
        identified_by=school.teacher,
    )
    outcome = tasks.daily_scan.delay(school.term.midterm_review.isoformat()).get(timeout=30)
    assert outcome["created"] == 1
    time.sleep(1)
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_scan_taken_by_a_worker_that_dies_is_run_by_the_next_worker(school, settings):
    """acks_late: a worker that took the task and died never acknowledged it, so Redis gives it back."""
    if not redis_answers():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    from kombu import Connection

    assert tasks.daily_scan.acks_late and tasks.daily_scan.reject_on_worker_lost
    SupportCase.objects.create(
        student=school.student_a,
        subject=school.maths,
        term=school.term,
        identified_by=school.teacher,
    )
    queue = f"bangfu-test-dying-{uuid.uuid4().hex[:8]}"
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    saved["task_default_queue"] = app.conf.task_default_queue
    app.conf.update(
        broker_url=REDIS_TEST_URL,
        result_backend=REDIS_TEST_URL,
        task_always_eager=False,
        task_default_queue=queue,
    )
    forget_connections()
    try:
        tasks.daily_scan.apply_async(args=[school.term.midterm_review.isoformat()], queue=queue)
        # The doomed worker: receives the message, starts, dies before acknowledging.
        with Connection(REDIS_TEST_URL) as conn:
            simple = conn.SimpleQueue(queue)
            message = simple.get(timeout=10)
            assert message.headers["task"] == "reminders.tasks.daily_scan"
            conn.release()  # killed: no ack, the channel goes away
        assert not Reminder.objects.exists()
        with start_worker(app, perform_ping_check=False, shutdown_timeout=20.0):
            assert wait_for(lambda: Reminder.objects.filter(user=school.teacher).exists())
        assert Reminder.objects.count() == 1
    finally:
        app.conf.update(saved)
        forget_connections()
