"""Monitoring points from the archive's observations (ratings 1–5, scores %).

The plug-in contract (``archives/monitoring_data.py``): ``points(*, cases, source)``
returns ``(case id, Point)`` for the sources the app holds, in one query.
"""

from __future__ import annotations

from .models import MonitoringMeasure, Observation
from .monitoring import Point

FIELDS = {
    MonitoringMeasure.Source.OBSERVATION_RATING: "rating",
    MonitoringMeasure.Source.OBSERVATION_SCORE: "score_percent",
}


def points(*, cases, source: str) -> list[tuple[int, Point]]:
    value_field = FIELDS.get(source)  # type: ignore[call-overload]
    if value_field is None:
        return []
    kinds = dict(Observation.Kind.choices)
    rows = (
        Observation.objects.alive()
        .filter(case__in=cases, **{f"{value_field}__isnull": False})
        .values_list("case_id", "date", value_field, "kind", "note")
    )
    return [
        (case_id, Point(day, float(value), note, str(kinds.get(kind, kind))))
        for case_id, day, value, kind, note in rows
    ]
