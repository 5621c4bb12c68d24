"""What a day's homework notice (作业公示) shows: the homework that counts toward the load,
in-class and other work listed apart, and a total that agrees with the text."""

from __future__ import annotations

import datetime
from typing import Any

from ..load import day_load, day_loads
from ..models import Assignment


def notice_context(school_class, date: datetime.date) -> dict[str, Any]:
    items = list(
        Assignment.objects.on_day(date)
        .filter(school_class=school_class)
        .select_related("subject")
        .prefetch_related("tiers")
        .order_by("subject__order", "phase", "created_at")
    )
    counted, apart = [], []
    total = 0
    for a in items:
        minutes = next((t.minutes for t in a.tiers.all() if t.level == a.default_level), 0)
        a.class_minutes = minutes  # type: ignore[attr-defined]  # the whole class's tier
        if a.counts_toward_load:
            counted.append(a)
            total += minutes
        else:
            apart.append(a)
    return {
        "school_class": school_class,
        "date": date,
        "counted": counted,
        "apart": apart,
        "total": total,
        "load": day_load(school_class, date),
    }


def grade_notices(classes, date: datetime.date) -> list[dict[str, Any]]:
    """Every class's notice of the day at once (constant queries whatever the classes)."""
    loads = day_loads(classes, [date])
    by_class: dict[int, list[Assignment]] = {c.pk: [] for c in classes}
    for a in (
        Assignment.objects.on_day(date)
        .filter(school_class__in=classes)
        .select_related("subject")
        .prefetch_related("tiers")
        .order_by("subject__order", "phase", "created_at")
    ):
        by_class[a.school_class_id].append(a)
    out = []
    for c in classes:
        counted, apart, total = [], [], 0
        for a in by_class[c.pk]:
            minutes = next((t.minutes for t in a.tiers.all() if t.level == a.default_level), 0)
            a.class_minutes = minutes  # type: ignore[attr-defined]
            if a.counts_toward_load:
                counted.append(a)
                total += minutes
            else:
                apart.append(a)
        out.append(
            {
                "school_class": c,
                "counted": counted,
                "apart": apart,
                "total": total,
                "load": loads[(c.pk, date)],
            }
        )
    return out
