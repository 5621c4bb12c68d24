"""The home dashboard's panels are kept between views while nothing is written, and are
never older than the last write: a save anywhere, or any request that writes (even one that
sends no signal), shows on the next view."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import page_cache
from reminders.models import Reminder

from .factories.reminders import ReminderFactory


@pytest.fixture
def home_cache(settings):
    settings.HOME_CACHE_SECONDS = 60
    settings.REMINDER_DEFAULT_MODE = "immediate"
    cache.clear()
    yield
    cache.clear()


def _home(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.text, len(captured.captured_queries)


def test_a_second_view_reads_the_kept_panels(school, login, home_cache):
    ReminderFactory(user=school.teacher, title="请补全王小明的档案")
    client = login(school.teacher)
    first, first_queries = _home(client)
    again, again_queries = _home(client)
    assert "请补全王小明的档案" in first and "请补全王小明的档案" in again
    assert again_queries < first_queries - 3, (first_queries, again_queries)


def test_a_saved_record_shows_on_the_next_view(school, login, home_cache):
    client = login(school.teacher)
    before, _ = _home(client)
    assert "新的提醒" not in before
    ReminderFactory(user=school.teacher, title="新的提醒")  # a save: the signal
    after, _ = _home(client)
    assert "新的提醒" in after


def test_a_write_request_that_sends_no_signal_shows_on_the_next_view(school, login, home_cache):
    ReminderFactory(user=school.teacher, title="未读的提醒")
    client = login(school.teacher)
    assert "未读的提醒" in _home(client)[0]
    # 全部标为已读 is one UPDATE: no signal, but the request was a write.
    response = client.post(reverse("reminders:mark_all_read"))
    assert response.status_code == 302
    assert not Reminder.objects.filter(user=school.teacher, read_at__isnull=True).exists()
    assert "未读的提醒" not in _home(client)[0]


def test_a_write_rolled_back_keeps_what_was_kept(school, login, home_cache):
    client = login(school.teacher)
    _home(client)
    kept = page_cache.generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        ReminderFactory(user=school.teacher, title="回滚的提醒")
        raise RuntimeError
    assert "回滚的提醒" not in _home(client)[0]
    # The save replaced the generation at once (a reader mid-transaction keeps nothing).
    assert page_cache.generation() != kept


def test_each_user_and_language_has_their_own_panels(school, login, home_cache):
    ReminderFactory(user=school.teacher, title="给老师的提醒")
    ReminderFactory(user=school.head, title="给班主任的提醒")
    teacher = login(school.teacher)
    assert "给老师的提醒" in _home(teacher)[0]
    teacher.cookies["django_language"] = "en"
    english, _ = _home(teacher)
    assert "Reminders" in english and "给老师的提醒" in english
    teacher.logout()
    head = login(school.head)
    page, _ = _home(head)
    assert "给班主任的提醒" in page and "给老师的提醒" not in page


def test_reads_logged_and_sessions_do_not_replace_the_generation(school, home_cache):
    from students.models import AccessRecord

    kept = page_cache.generation()
    AccessRecord.objects.create(
        user=school.teacher, student=school.student_a, what=AccessRecord.What.CONTACT_LOG
    )
    assert page_cache.generation() == kept
    ReminderFactory(user=school.teacher)
    assert page_cache.generation() != kept


def test_off_without_a_shared_cache(school, login, settings):
    settings.HOME_CACHE_SECONDS = 0
    cache.clear()
    client = login(school.teacher)
    _, first = _home(client)
    _, again = _home(client)
    assert again == first
    assert cache.get(page_cache.GENERATION_KEY) is None
