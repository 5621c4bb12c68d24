"""The printed archive is complete: every entry of the term, oldest first, the chart on
top; a very long term prints in parts that say what they hold, never dropping an entry."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse

from archives.views import archive as archive_views

from .factories.archives import ObservationFactory
from .factories.students import case_a


def dated_observations(school, n: int):
    case = case_a(school)
    start = case.term.start
    for i in range(n):
        ObservationFactory(
            case=case,
            author=school.teacher,
            date=start + datetime.timedelta(days=i % 60),
            note=f"记录{i:03d}",
            rating=(i % 5) + 1,
        )
    return case


def printed_notes(body: str) -> list[str]:
    return re.findall(r"记录(\d{3})", body)


def test_every_entry_prints_oldest_first_under_the_chart(school, login):
    case = dated_observations(school, 120)
    body = login(school.teacher).get(reverse("archives:print", args=[case.pk])).content.decode()
    notes = printed_notes(body)
    assert sorted(notes) == [f"{i:03d}" for i in range(120)]  # all 120, none left out
    days = re.findall(r"<tr><th>(\d{4}-\d{2}-\d{2})</th><td>课堂", body)
    assert days == sorted(days)  # oldest first
    assert body.index('id="progress-chart"') < body.index('id="progress-record"')
    assert "本学期全部 120 条记录" in body


def test_a_very_long_term_prints_in_parts_that_say_what_they_hold(school, login, monkeypatch):
    monkeypatch.setattr(archive_views, "PRINT_PART_SIZE", 50)
    case = dated_observations(school, 120)
    client = login(school.teacher)
    url = reverse("archives:print", args=[case.pk])
    seen = []
    for part in (1, 2, 3):
        body = client.get(url, {"part": part}).content.decode()
        assert f"第 {part} 部分，共 3 部分" in body
        seen += printed_notes(body)
    assert sorted(seen) == [f"{i:03d}" for i in range(120)] and len(seen) == 120
    first = client.get(url).content.decode()
    assert "第 1–50 条，共 120 条" in first and 'href="?part=3"' in first
    assert client.get(url, {"part": "x"}).status_code == 200
