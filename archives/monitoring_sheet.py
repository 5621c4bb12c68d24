"""The summary workbook's monitoring sheet: each case's status, decision and 落实率.

Part of ``archives/sheets.py``'s plug-in; cases are read a chunk at a time.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import pgettext

from core.plugins import Sheet
from school.reporting import Filters
from school.scoping import Scope

from .monitoring import status_label
from .monitoring_data import monitoring_for

CHUNK = 500


def monitoring_sheet(scope: Scope, filters: Filters) -> Sheet:
    from .sheets import scoped_cases

    cases = (
        scoped_cases(scope, filters)
        .open()
        .select_related("student__school_class__grade", "subject", "term")
        .order_by(
            "student__school_class__grade__level", "student__student_number", "subject__order"
        )
    )

    def rows() -> Iterator[tuple]:
        ids = list(cases.values_list("pk", flat=True))
        for start in range(0, len(ids), CHUNK):
            chunk = list(cases.filter(pk__in=ids[start : start + CHUNK]))
            found = monitoring_for(chunk)
            for case in chunk:
                cm = found[case.pk]
                s = case.student
                f = cm.fidelity
                head = (s.student_number, s.name, str(s.school_class), str(case.subject))
                dose = (
                    f.planned if f else None,
                    f.delivered if f else None,
                    f.planned_minutes if f else None,
                    f.delivered_minutes if f else None,
                    f.strict_percent if f else None,
                )
                if not cm.series:
                    yield (
                        *head,
                        "",
                        None,
                        None,
                        None,
                        None,
                        None,
                        None,
                        pgettext("report", "Not monitored"),
                        "",
                        "",
                        *dose,
                    )
                for series in cm.series:
                    phase = series.current
                    v = series.verdict
                    yield (
                        *head,
                        series.measure.shown_name,
                        phase.baseline.value if phase.baseline else None,
                        round(phase.goal_value, 1) if phase.goal_value is not None else None,
                        phase.goal_date,
                        len(phase.points),
                        round(phase.trend.rate_per_week, 2) if phase.trend else None,
                        round(phase.aim.rate_per_week, 2) if phase.aim else None,
                        status_label(v.status),
                        v.label,
                        v.reason,
                        *dose,
                    )

    return Sheet(
        title=pgettext("report", "Progress monitoring"),
        headers=[
            pgettext("report", "Student number"),
            pgettext("report", "Name"),
            pgettext("report", "Class"),
            pgettext("report", "Subject"),
            pgettext("report", "Measure"),
            pgettext("report", "Baseline"),
            pgettext("report", "Goal"),
            pgettext("report", "Goal date"),
            pgettext("report", "Points"),
            pgettext("report", "Trend a week"),
            pgettext("report", "Goal line a week"),
            pgettext("report", "Status"),
            pgettext("report", "Decision"),
            pgettext("report", "Why"),
            pgettext("report", "Sessions planned"),
            pgettext("report", "Sessions delivered"),
            pgettext("report", "Minutes planned"),
            pgettext("report", "Minutes delivered"),
            pgettext("report", "Delivered (%)"),
        ],
        rows=rows(),
        widths=[14, 10, 16, 10, 22, 9, 9, 12, 8, 10, 10, 12, 16, 36, 10, 10, 10, 10, 10],
        row_count=cases.count,
        order=62,
    )
