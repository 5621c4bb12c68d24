"""The inbox: a user's own reminders, the unread badge, reading, and preferences."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reminders.models import Reminder, ReminderPreference

from .factories.reminders import ReminderFactory


@pytest.fixture(autouse=True)
def reminders_one_by_one(settings):
    """These tests follow each reminder on its own; the daily digest has its own tests."""
    settings.REMINDER_DEFAULT_MODE = "immediate"


def test_inbox_lists_only_my_reminders(school, login):
    mine = ReminderFactory(user=school.teacher, title="补全张小明的档案")
    ReminderFactory(user=school.head, title="别人的提醒")
    response = login(school.teacher).get(reverse("reminders:inbox"))
    assert response.status_code == 200
    assert mine.title in response.text
    assert "别人的提醒" not in response.text


def test_inbox_runs_a_constant_number_of_queries(school, login, django_assert_max_num_queries):
    client = login(school.teacher)
    url = reverse("reminders:inbox")
    ReminderFactory.create_batch(3, user=school.teacher)
    client.get(url)
    with django_assert_max_num_queries(100) as three:
        client.get(url)
    ReminderFactory.create_batch(27, user=school.teacher)
    with django_assert_max_num_queries(len(three.captured_queries)) as thirty:
        response = client.get(url)
    assert len(response.context["page"].object_list) == 30
    assert len(thirty.captured_queries) == len(three.captured_queries)


def test_inbox_is_paginated(school, login, settings):
    settings.PAGE_SIZE = 5
    ReminderFactory.create_batch(12, user=school.teacher)
    response = login(school.teacher).get(reverse("reminders:inbox") + "?page=3")
    assert len(response.context["page"].object_list) == 2


def test_inbox_filters_unread_and_kind(school, login):
    ReminderFactory(user=school.teacher, title="已读", read_at="2026-11-01T08:00Z")
    ReminderFactory(user=school.teacher, title="未读档案")
    ReminderFactory(user=school.teacher, title="未读期中", kind=Reminder.Kind.REVIEW_DUE)
    client = login(school.teacher)
    unread = client.get(reverse("reminders:inbox") + "?show=unread").context["page"]
    assert {r.title for r in unread} == {"未读档案", "未读期中"}
    reviews = client.get(reverse("reminders:inbox") + "?kind=review_due").context["page"]
    assert [r.title for r in reviews] == ["未读期中"]
    bad = client.get(reverse("reminders:inbox") + "?kind=nonsense&page=x")
    assert bad.status_code == 200 and len(bad.context["page"].object_list) == 3


def test_the_navigation_shows_my_unread_count(school, login):
    ReminderFactory.create_batch(3, user=school.teacher)
    ReminderFactory(user=school.teacher, read_at="2026-11-01T08:00Z")
    ReminderFactory.create_batch(2, user=school.head)
    response = login(school.teacher).get(reverse("students:list"))
    assert 'class="badge rounded-pill text-bg-danger">3<' in response.text
    assert reverse("reminders:preferences") in response.text


def test_the_badge_is_one_query_whatever_the_count(school, login, django_assert_max_num_queries):
    client = login(school.teacher)
    url = reverse("password_change")
    client.get(url)
    with django_assert_max_num_queries(100) as before:
        client.get(url)
    ReminderFactory.create_batch(40, user=school.teacher)
    with django_assert_max_num_queries(len(before.captured_queries)) as after:
        response = client.get(url)
    assert ">40<" in response.text
    assert len(after.captured_queries) == len(before.captured_queries)
    for captured in (before, after):
        badge = [q for q in captured.captured_queries if "reminders_reminder" in q["sql"]]
        assert len(badge) == 1 and "COUNT(" in badge[0]["sql"]


def test_opening_a_reminder_marks_it_read(school, login):
    reminder = ReminderFactory(user=school.teacher, body="第一行\n第二行", url="/students/")
    response = login(school.teacher).get(reverse("reminders:detail", args=[reminder.pk]))
    assert response.status_code == 200
    assert "第一行<br>第二行" in response.text
    reminder.refresh_from_db()
    assert reminder.read_at is not None


def test_mark_read_and_unread(school, login):
    reminder = ReminderFactory(user=school.teacher)
    client = login(school.teacher)
    response = client.post(reverse("reminders:mark_read", args=[reminder.pk]))
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.is_read
    client.post(reverse("reminders:mark_unread", args=[reminder.pk]))
    reminder.refresh_from_db()
    assert not reminder.is_read


def test_mark_read_needs_post(school, login):
    reminder = ReminderFactory(user=school.teacher)
    response = login(school.teacher).get(reverse("reminders:mark_read", args=[reminder.pk]))
    assert response.status_code == 405


def test_mark_all_read_touches_only_my_reminders(school, login):
    ReminderFactory.create_batch(3, user=school.teacher)
    theirs = ReminderFactory(user=school.head)
    response = login(school.teacher).post(
        reverse("reminders:mark_all_read"), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("reminders:inbox")
    assert not Reminder.objects.filter(user=school.teacher, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_someone_elses_reminder_is_a_404(school, login):
    theirs = ReminderFactory(user=school.head)
    client = login(school.teacher)
    assert client.get(reverse("reminders:detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("reminders:mark_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_preferences_are_saved_per_kind(school, login):
    client = login(school.teacher)
    page = client.get(reverse("reminders:preferences"))
    assert page.status_code == 200
    data = {kind: "email" for kind in Reminder.Kind.values}
    data["archive_stale"] = "off"
    data["review_due"] = "inbox"
    response = client.post(reverse("reminders:preferences"), data)
    assert response.status_code == 302
    saved = dict(
        ReminderPreference.objects.filter(user=school.teacher).values_list("kind", "delivery")
    )
    assert saved["archive_stale"] == "off"
    assert saved["review_due"] == "inbox"
    assert saved["inspection_due"] == "email"
    # Saving again updates, never duplicates.
    client.post(reverse("reminders:preferences"), data | {"review_due": "email"})
    # Every kind but the digest; saving again updates, never duplicates.
    assert ReminderPreference.objects.filter(user=school.teacher).count() == 6


def test_bad_preferences_are_a_form_error(school, login):
    response = login(school.teacher).post(reverse("reminders:preferences"), {"review_due": "fax"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ReminderPreference.objects.exists()


def test_a_list_shorter_than_a_page_is_counted_from_its_rows(
    school, login, settings, django_assert_max_num_queries
):
    """The first page is read with one row more than it shows: a list that fits on it
    needs no COUNT(*), and a longer one still shows every page."""

    def counts(queries) -> tuple[int, int]:
        # (read at once: the next request clears the connection's query log)
        sql = [q["sql"] for q in queries.captured_queries]
        return len(sql), sum("COUNT(" in q for q in sql)

    settings.PAGE_SIZE = 5
    client = login(school.teacher)
    url = reverse("reminders:inbox")
    ReminderFactory.create_batch(5, user=school.teacher)
    client.get(url)
    with django_assert_max_num_queries(100) as captured:
        page = client.get(url).context["page"]
    short = counts(captured)
    assert len(page.object_list) == 5 and page.paginator.num_pages == 1
    assert not page.has_next()

    ReminderFactory.create_batch(7, user=school.teacher)
    with django_assert_max_num_queries(100) as captured:
        response = client.get(url)
    longer = counts(captured)
    page = response.context["page"]
    assert len(page.object_list) == 5 and page.paginator.count == 12
    assert page.paginator.num_pages == 3 and page.has_next()
    assert "page=2" in response.text  # (the Next link)
    assert len(client.get(url + "?page=3").context["page"].object_list) == 2
    # The longer list alone runs the paginator's COUNT(*).
    assert longer == (short[0] + 1, short[1] + 1)
