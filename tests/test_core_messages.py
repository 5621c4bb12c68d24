"""Texts the system stores as messages (core.text): written now in the active language,
stored as msgid and parameters, written again later in the reader's language."""

from __future__ import annotations

import pickle

from django.utils import translation
from django.utils.translation import gettext_noop

from core.text import label_message, message, message_lines, render, stored
from inspections.models import InspectionRound


def test_a_message_is_stored_in_chinese_and_read_in_english():
    with translation.override("zh-hans"):
        reason = message(gettext_noop("Home visit overdue by %(days)d days"), days=3)
        assert reason == "家访已逾期 3 天"
        data = stored(reason)
    assert data == {"msgid": "Home visit overdue by %(days)d days", "params": {"days": 3}}
    with translation.override("en"):
        assert render(data) == "Home visit overdue by 3 days"


def test_messages_nest_count_and_keep_what_people_wrote():
    with translation.override("zh-hans"):
        body = message_lines(
            [
                message(
                    gettext_noop("%(n)d struggling student is overdue for a home visit"),
                    plural=gettext_noop("%(n)d struggling students are overdue for a home visit"),
                    n=2,
                ),
                message(gettext_noop("%(name)s (%(days)d days overdue)"), name="张小明", days=4),
                label_message(InspectionRound.Kind.MIDTERM.label),
            ]
        )
        data = stored(body)
    with translation.override("en"):
        assert render(data).splitlines() == [
            "2 struggling students are overdue for a home visit",
            "张小明 (4 days overdue)",
            "Mid-term inspection",
        ]


def test_a_cached_message_keeps_its_text():
    with translation.override("zh-hans"):
        reason = message(gettext_noop("Home visit overdue by %(days)d days"), days=3)
    with translation.override("en"):
        again = pickle.loads(pickle.dumps(reason))
    assert again == "家访已逾期 3 天" and stored(again) == stored(reason)
