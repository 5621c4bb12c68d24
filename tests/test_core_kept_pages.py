"""Whole pages kept for their reader while nothing in the school is written (core.page_cache).

What a user would notice if it went wrong: a figure they just changed not showing, someone
else's page, a form that refuses the second of two tabs, a message shown twice or never, a
read of family details missing from the access log.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archives.models import Observation
from school.models import TeachingAssignment
from students.models import AccessRecord

from .factories.family import open_case
from .factories.students import StudentFactory, SupportCaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.HOME_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def _get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured.captured_queries)


def _warm(client, url):
    """The first view sets the CSRF cookie (a page is kept only for a browser holding it)."""
    client.get(url)
    return _get(client, url)


def test_a_second_view_is_the_kept_page_and_a_save_shows_at_once(school, login, kept):
    client = login(school.head)
    url = reverse("students:list")
    built, built_queries = _warm(client, url)
    again, again_queries = _get(client, url)
    assert "张小明" in built and again == built
    assert again_queries < built_queries, (built_queries, again_queries)

    StudentFactory(school_class=school.class_a, name="新同学", student_number="A099")
    after, after_queries = _get(client, url)
    assert "新同学" in after
    assert after_queries == built_queries  # built again


def test_no_reader_is_shown_another_readers_page(school, login, kept, client):
    url = reverse("students:list")
    head_page, _ = _warm(login(school.head), url)
    assert "张小明" in head_page
    client.logout()
    stranger_page, _ = _warm(login(school.stranger), url)
    assert "张小明" not in stranger_page


def test_a_reader_whose_role_is_taken_away_sees_nothing_kept(school, login, kept):
    case = SupportCaseFactory(
        student=school.student_a, subject=school.maths, identified_by=school.teacher
    )
    client = login(school.teacher)
    url = reverse("archives:archive", args=[case.pk])
    _warm(client, url)
    assert client.get(url).status_code == 200  # kept
    TeachingAssignment.objects.filter(teacher=school.teacher).delete()  # signals: stale
    client.logout()
    client.force_login(school.teacher)
    assert client.get(url).status_code == 404


def test_each_view_of_a_kept_page_logs_its_reads_of_family_details(school, login, kept):
    open_case(school.student_a, school.maths, school.term, school.teacher)
    client = login(school.principal)
    url = reverse("family:visit_plan")
    _warm(client, url)
    logged = AccessRecord.objects.filter(
        user=school.principal, student=school.student_a, what=AccessRecord.What.CONTACT_LOG
    )
    before = logged.count()
    _, kept_queries = _get(client, url)  # shown from the cache
    assert logged.count() == before + 1
    _get(client, url)
    assert logged.count() == before + 2
    assert kept_queries <= 6


def test_two_tabs_of_a_kept_form_save_two_lessons(school, login, kept):
    case = SupportCaseFactory(
        student=school.student_a, subject=school.maths, identified_by=school.teacher
    )
    client = login(school.teacher)
    url = reverse("archives:lesson_log", args=[school.class_a.pk, school.maths.pk])
    _warm(client, url)
    first, _ = _get(client, url)
    second, queries = _get(client, url)  # kept: but a key of its own
    assert queries <= 6

    def key(page):
        return page.split('name="submission_key" value="')[1].split('"')[0]

    assert key(first) != key(second)
    for page, note in ((first, "第一个标签页"), (second, "第二个标签页")):
        response = client.post(
            url,
            {
                "submission_key": key(page),
                "date": "2026-10-12",
                "kind": "classroom",
                f"row-{case.pk}-rating": "3",
                f"row-{case.pk}-note": note,
            },
        )
        assert response.status_code == 302
    assert sorted(Observation.objects.values_list("note", flat=True)) == [
        "第一个标签页",
        "第二个标签页",
    ]


def test_a_message_is_shown_once_on_a_built_page(school, login, kept):
    from .factories.reminders import ReminderFactory

    ReminderFactory(user=school.teacher, title="未读的提醒")
    client = login(school.teacher)
    url = reverse("reminders:inbox")
    _warm(client, url)
    _get(client, url)  # kept from here
    response = client.post(reverse("reminders:mark_all_read"))
    assert response.status_code == 302
    shown, _ = _get(client, url)
    again, _ = _get(client, url)
    assert "所有提醒已标为已读" in shown or "All reminders marked as read." in shown
    assert "所有提醒已标为已读" not in again and "All reminders marked as read." not in again


def test_an_english_reader_gets_the_english_page(school, login, kept):
    client = login(school.head)
    url = reverse("students:list")
    chinese, _ = _warm(client, url)
    client.cookies["django_language"] = "en"
    english, _ = _warm(client, url)
    assert chinese != english
    assert 'lang="en"' in english and 'lang="zh-hans"' in chinese


def test_a_task_that_writes_in_bulk_shows_on_the_next_view(school, login, kept):
    from reminders.models import Reminder
    from reminders.tasks import daily_scan

    client = login(school.teacher)
    url = reverse("reminders:inbox")
    _warm(client, url)
    kept_page, _ = _get(client, url)
    # Behind the page's back: one INSERT with no signal, as a scan's bulk_create does.
    Reminder.objects.bulk_create(
        [Reminder(user=school.teacher, kind=Reminder.Kind.values[0], title="批量写入的提醒")]
    )
    assert _get(client, url)[0] == kept_page  # nothing told the cache yet
    daily_scan.apply()  # any task, run as a worker runs it
    assert "批量写入的提醒" in _get(client, url)[0]
