"""Homework handed in, per week, as monitoring points (作业完成率).

The plug-in contract is in ``archives/monitoring_data.py``: ``points(*, cases, source)``
returns ``(case id, Point)``, here for the "homework" source, in one query.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils.translation import gettext as _

from archives.models import MonitoringMeasure
from archives.monitoring import Point

from .models import MarkingRecord


def points(*, cases, source: str) -> list[tuple[int, Point]]:
    if source != MonitoringMeasure.Source.HOMEWORK or not cases:
        return []
    case_of = {(c.student_id, c.subject_id, c.term_id): c.pk for c in cases}
    rows = MarkingRecord.objects.filter(
        student_id__in={c.student_id for c in cases},
        assignment__subject_id__in={c.subject_id for c in cases},
        assignment__term_id__in={c.term_id for c in cases},
        assignment__withdrawn_at__isnull=True,
    ).values_list(
        "student_id",
        "assignment__subject_id",
        "assignment__term_id",
        "assignment__date",
        "submitted",
    )
    # (case, Monday) → [handed in, marked, last day]
    weeks: dict[tuple[int, datetime.date], list] = defaultdict(lambda: [0, 0, None])
    for student_id, subject_id, term_id, day, submitted in rows:
        case_id = case_of.get((student_id, subject_id, term_id))
        if case_id is None:
            continue
        week = weeks[(case_id, day - datetime.timedelta(days=day.weekday()))]
        week[0] += int(submitted)
        week[1] += 1
        week[2] = max(week[2] or day, day)
    label = _("Homework handed in")
    return [
        (case_id, Point(last, round(handed / marked * 100, 1), "", label))
        for (case_id, _monday), (handed, marked, last) in weeks.items()
    ]
