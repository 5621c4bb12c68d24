"""Forms that follow ``next`` go only to a path on this site; anything else goes to the default."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from archives.models import Observation
from core.http import safe_next
from reminders.models import Reminder

from .factories.reminders import ReminderFactory
from .factories.students import case_a

BAD_NEXT = ["https://evil.example/", "//evil.example/", "foo", "javascript:alert(1)", ""]


@pytest.mark.parametrize("target", BAD_NEXT)
def test_a_bad_next_after_an_observation_saves_it_once_and_goes_to_the_archive(
    school, login, target
):
    case = case_a(school)
    response = login(school.teacher).post(
        reverse("archives:observation_add", args=[case.pk]),
        {
            "date": "2026-09-20",
            "kind": "classroom",
            "rating": "4",
            "note": "主动举手",
            "next": target,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("archives:archive", args=[case.pk])
    assert Observation.objects.filter(note="主动举手").count() == 1


def test_a_local_next_after_an_observation_is_followed(school, login):
    case = case_a(school)
    target = reverse("students:detail", args=[school.student_a.pk])
    response = login(school.teacher).post(
        reverse("archives:observation_add", args=[case.pk]),
        {"date": "2026-09-20", "kind": "classroom", "rating": "4", "next": target},
    )
    assert response["Location"] == target
    assert Observation.objects.count() == 1


@pytest.mark.parametrize("target", BAD_NEXT)
def test_a_bad_next_on_a_reminder_marks_it_read_and_goes_to_the_inbox(school, login, target):
    reminder = ReminderFactory(user=school.teacher)
    response = login(school.teacher).post(
        reverse("reminders:mark_read", args=[reminder.pk]), {"next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("reminders:inbox")
    assert Reminder.objects.get(pk=reminder.pk).is_read


def test_safe_next_reads_get_too_and_takes_url_names_with_arguments(db):
    request = RequestFactory().get("/", {"next": "/students/?page=2"})
    assert safe_next(request, "dashboard") == "/students/?page=2"
    request = RequestFactory().get("/", {"next": "http://testserver.evil.example/"})
    assert safe_next(request, "class_detail", 7) == reverse("class_detail", args=[7])


def test_safe_next_refuses_http_when_the_request_is_https(db):
    request = RequestFactory().get("/", {"next": "http://testserver/students/"}, secure=True)
    assert safe_next(request, "dashboard") == "/"
