"""A 需要调整帮扶措施 decision of progress monitoring puts the student on the meeting's agenda."""

from __future__ import annotations

import pytest

from collab.models import TeamMeeting

from .test_archives_monitoring_reminders import monitored
from .test_collab_meetings import _open

pytestmark = pytest.mark.django_db


def test_an_adjust_decision_reaches_the_agenda_with_its_reason(school, login):
    flat = monitored(school, [10, 10, 10, 10, 10, 10])  # flat under a rising goal line
    response = _open(login(school.head), school)
    assert response.status_code == 302
    item = TeamMeeting.objects.get().items.get(student=school.student_a)
    assert item.case == flat
    # Not the stale archive's question (是否需要调整…？): the decision, with its one-line reason.
    adjust = [r for r in item.reasons if "：需要调整帮扶措施（" in r]
    assert adjust and "数学" in adjust[0], item.reasons


def test_a_case_on_course_is_not_put_on_the_agenda_for_it(school, login):
    monitored(school, [10, 12, 14, 16, 18, 20])  # on the goal line, archive fresh
    _open(login(school.head), school)
    items = TeamMeeting.objects.get().items.filter(student=school.student_a)
    assert not any(
        "需要调整" in r or "support needs changing" in r for i in items for r in i.reasons
    )
