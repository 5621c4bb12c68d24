"""Evaluation results as monitoring points: a unit test's score lands on a goal measuring it.

The plug-in contract is in ``archives/monitoring_data.py``: ``points(*, cases, source)``
returns ``(case id, Point)``, here for the "evaluation" source, in one query.
"""

from __future__ import annotations

from archives.models import MonitoringMeasure
from archives.monitoring import Point

from .models import EvaluationResult


def points(*, cases, source: str) -> list[tuple[int, Point]]:
    if source != MonitoringMeasure.Source.EVALUATION or not cases:
        return []
    case_of = {(c.student_id, c.subject_id, c.term_id): c.pk for c in cases}
    results = EvaluationResult.objects.filter(
        student_id__in={c.student_id for c in cases},
        evaluation__subject_id__in={c.subject_id for c in cases},
        evaluation__term_id__in={c.term_id for c in cases},
    ).select_related("evaluation")
    found = []
    for r in results:
        e = r.evaluation
        case_id = case_of.get((r.student_id, e.subject_id, e.term_id))
        percent = e.percent(score=r.score, level=r.level)
        if case_id is not None and percent is not None:
            found.append((case_id, Point(e.date, percent, e.name, str(e.get_kind_display()))))
    return found
