"""Agreed actions join the owner's daily digest as one line: 待办 N 项, linking to 我的待办."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from archives.models import AgreedAction, SupportCase
from reminders.models import Reminder

from .factories.archives import CaseDiscussionFactory
from .factories.students import case_a
from .test_reminders_digest import DAY, at, scan

pytestmark = pytest.mark.django_db


def test_due_actions_make_one_digest_line_for_their_owner(
    school, login, django_capture_on_commit_callbacks
):
    case = case_a(school)
    SupportCase.objects.filter(pk=case.pk).update(identified_on=datetime.date(2026, 9, 5))
    discussion = CaseDiscussionFactory.create(
        case=case, author=school.teacher, date=datetime.date(2026, 9, 20)
    )
    for days, text in ((-3, "家访一次"), (0, "课后答疑")):
        AgreedAction.objects.create(
            discussion=discussion,
            description=text,
            owner=school.teacher,
            due_on=DAY + datetime.timedelta(days=days),
        )
    result = scan(django_capture_on_commit_callbacks)
    assert not [f for f in result.failures if f.startswith("action_due")]
    stored = Reminder.objects.get(user=school.teacher, kind=Reminder.Kind.ACTION_DUE)
    assert stored.in_digest
    digest = Reminder.objects.get(user=school.teacher, kind=Reminder.Kind.DIGEST)
    client = login(school.teacher)
    with at(DAY):
        page = client.get(reverse("reminders:detail", args=[digest.pk]))
    lines = {line.kind: line for line in page.context["lines"]}
    assert lines["action_due"].text == "待办 2 项"
    assert lines["action_due"].url == reverse("archives:my_actions")
    # The kind has its own choice on the preferences page.
    assert Reminder.Kind.ACTION_DUE in [k for k, _label in Reminder.Kind.choices]
