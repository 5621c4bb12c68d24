"""The unread badge is kept per user between requests and forgotten when a reminder of
theirs is created or read; the digest asks the sources for the reader's share only."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.plugins import DueReminder
from family import reminders_due as family_due
from family.models import FamilyContact
from reminders import digest, services
from reminders.models import Reminder
from school.models import ClassHeadship

from .factories.family import FamilyContactFactory, open_case
from .factories.reminders import ReminderFactory
from .factories.students import StudentFactory

BADGE = 'class="badge rounded-pill text-bg-danger">'
DAY = datetime.date(2026, 11, 20)


@pytest.fixture
def badge_cache(settings):
    settings.REMINDER_BADGE_CACHE_SECONDS = 60
    settings.REMINDER_DEFAULT_MODE = "immediate"
    cache.clear()
    yield
    cache.clear()


def _page(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("password_change"))
    counts = [q for q in captured.captured_queries if "reminders_reminder" in q["sql"]]
    return response.text, len(counts)


def test_the_badge_is_counted_once_then_kept(school, login, badge_cache):
    ReminderFactory.create_batch(3, user=school.teacher)
    client = login(school.teacher)
    html, queries = _page(client)
    assert f"{BADGE}3<" in html and queries == 1
    html, queries = _page(client)
    assert f"{BADGE}3<" in html and queries == 0


def test_a_new_reminder_or_a_read_one_shows_on_the_next_page(school, login, badge_cache):
    ReminderFactory.create_batch(2, user=school.teacher)
    client = login(school.teacher)
    assert f"{BADGE}2<" in _page(client)[0]
    services.create_reminder(
        due=DueReminder(user_id=school.teacher.pk, kind="archive_stale", key="k", title="新提醒"),
        email=False,
    )
    assert f"{BADGE}3<" in _page(client)[0]
    first = Reminder.objects.filter(user=school.teacher).first()
    client.get(reverse("reminders:detail", args=[first.pk]))  # opening it marks it read
    assert f"{BADGE}2<" in _page(client)[0]
    client.post(reverse("reminders:mark_unread", args=[first.pk]))
    assert f"{BADGE}3<" in _page(client)[0]
    client.post(reverse("reminders:mark_all_read"))
    html, _queries = _page(client)
    assert BADGE not in html


def test_one_users_count_is_not_anothers(school, login, badge_cache):
    ReminderFactory.create_batch(3, user=school.teacher)
    ReminderFactory(user=school.head)
    assert f"{BADGE}3<" in _page(login(school.teacher))[0]
    assert f"{BADGE}1<" in _page(login(school.head))[0]


def test_the_digest_passes_the_reader_to_sources_that_take_it(school):
    asked = []

    def narrow(*, today, user=None):
        asked.append(user)
        yield DueReminder(user_id=user.pk, kind="archive_stale", key="a", title="mine")

    def legacy(*, today):  # the old contract still works, and is filtered to the reader
        yield DueReminder(user_id=school.teacher.pk, kind="inspection_due", key="b", title="t")
        yield DueReminder(user_id=school.head.pk, kind="inspection_due", key="c", title="h")

    items, failures = services.collect_due(
        today=DAY, sources=[("narrow", narrow), ("legacy", legacy)], user=school.teacher
    )
    assert asked == [school.teacher] and failures == []
    assert [(i.user_id, i.key) for i in items] == [
        (school.teacher.pk, "a"),
        (school.teacher.pk, "b"),
    ]
    # The daily scan still asks every source for everybody.
    asked.clear()
    everything, _failures = services.collect_due(today=DAY, sources=[("legacy", legacy)])
    assert len(everything) == 2


def test_the_digest_shows_the_readers_overdue_visits_and_drops_done_work(school, settings):
    settings.HOME_VISIT_INTERVAL_DAYS = 30
    # The head teacher of class A and (another head) of class B each have one overdue pupil.
    open_case(school.student_a, school.maths, school.term, school.teacher)
    pupil_b = StudentFactory(school_class=school.class_b, name="乙班学生")
    open_case(pupil_b, school.maths, school.term, school.stranger)
    ClassHeadship.objects.create(
        term=school.term, teacher=school.stranger, school_class=school.class_b
    )
    mine = list(family_due.due(today=DAY, user=school.head))
    assert [item.user_id for item in mine] == [school.head.pk]
    assert "乙班学生" not in mine[0].body
    lines = digest.digest_lines(school.head, today=DAY)
    assert [line.kind for line in lines if line.kind == "home_visit_overdue"] == [
        "home_visit_overdue"
    ]
    FamilyContactFactory(
        student=school.student_a,
        recorded_by=school.head,
        channel=FamilyContact.Channel.HOME_VISIT,
        date=DAY,
    )
    lines = digest.digest_lines(school.head, today=DAY)
    assert "home_visit_overdue" not in [line.kind for line in lines]
