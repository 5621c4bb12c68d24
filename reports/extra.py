"""Figures and sheets of the other apps' records, gathered for the workbook and dashboard.

The sheets themselves live in ``reports/records/``, one module per app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.db.models import Count, Q
from django.utils.translation import pgettext

from archives.models import SupportCase
from core.plugins import Sheet
from core.xlsx import Percent
from school.scoping import Scope

from . import selectors
from .charts import bar_chart
from .filters import Filters
from .records import CaseColumn
from .records.archive_sheets import (
    archive_state,
    last_entries,
    observation_sheet,
    observations,
    stale_open_cases,
)
from .records.evaluation_sheets import (
    evaluation_sheet,
    evaluations,
    inspection_progress,
    inspection_sheet,
)
from .records.family_sheets import (
    family_sheet,
    home_visit_sheet,
    home_visit_summaries,
    next_contact_due,
    sees_any_family,
)
from .records.homework_sheets import homework_days, homework_sheet


def case_columns(scope: Scope) -> list[CaseColumn]:
    columns = [
        CaseColumn(
            header=lambda: pgettext("report", "Last archive entry"), values=last_entries, width=14
        ),
        CaseColumn(header=lambda: pgettext("report", "Archive"), values=archive_state, width=10),
    ]
    if sees_any_family(scope):
        columns.append(
            CaseColumn(
                header=lambda: pgettext("report", "Next family contact due"),
                values=next_contact_due(scope),
                width=16,
            )
        )
    return columns


def overview_rows(scope: Scope, filters: Filters) -> Iterator[tuple]:
    cases = selectors.scoped_cases(scope, filters)
    evaluated = evaluations(scope, filters).aggregate(
        n=Count("id", distinct=True),
        assessed=Count("results", distinct=True),
        attained=Count("results", filter=Q(results__goal_attained=True), distinct=True),
    )
    yield (pgettext("report", "Evaluations recorded"), evaluated["n"])
    yield (
        pgettext("report", "Goal attainment rate"),
        Percent(evaluated["attained"] / evaluated["assessed"]) if evaluated["assessed"] else None,
    )
    progress = inspection_progress(scope, filters)
    if progress:
        yield (pgettext("report", "Teachers inspected"), sum(p[1] for p in progress))
        yield (pgettext("report", "Teachers to inspect"), sum(p[2] for p in progress))
    yield (pgettext("report", "Open cases with a stale archive"), stale_open_cases(cases))
    yield (pgettext("report", "Observations recorded"), observations(scope, filters).count())
    if sees_any_family(scope) and filters.term is not None:
        summaries = home_visit_summaries(scope, filters, filters.term)
        yield (
            pgettext("report", "Struggling students visited at home this term"),
            sum(s.visited_this_term for s in summaries),
        )
        yield (
            pgettext("report", "Struggling students with a home visit overdue"),
            sum(s.overdue for s in summaries),
        )
    loads = homework_days(scope, filters)
    yield (pgettext("report", "Class-days with homework"), len(loads))
    yield (
        pgettext("report", "Class-days over the load limit"),
        sum(1 for load in loads.values() if load.over),
    )


def sheets(scope: Scope, filters: Filters) -> list[Sheet]:
    result = [
        observation_sheet(scope, filters),
        homework_sheet(scope, filters),
        evaluation_sheet(scope, filters),
        inspection_sheet(scope, filters),
    ]
    if sees_any_family(scope):
        result += [family_sheet(scope, filters), home_visit_sheet(scope, filters)]
    return sorted(result, key=lambda sheet: sheet.order)


def dashboard_charts(scope: Scope, filters: Filters, drill: Callable[..., str]) -> list:
    """Charts of causes, types, archive freshness, home visits and homework load."""
    from .figures import case_list_url

    cases = selectors.scoped_cases(scope, filters)
    params = {
        "school_class": filters.school_class.pk if filters.school_class else None,
        "subject": filters.subject.pk if filters.subject else None,
        "status": "all",
    }
    charts = []
    causes = cases.aggregate(
        weak=Count("id", filter=Q(cause_weak_foundation=True)),
        attitude=Count("id", filter=Q(cause_attitude=True)),
    )
    charts.append(
        bar_chart(
            pgettext("report", "Primary causes"),
            [
                (
                    str(SupportCase.Cause.WEAK_FOUNDATION.label),
                    causes["weak"],
                    case_list_url(cause=SupportCase.Cause.WEAK_FOUNDATION, **params),
                ),
                (
                    str(SupportCase.Cause.ATTITUDE.label),
                    causes["attitude"],
                    case_list_url(cause=SupportCase.Cause.ATTITUDE, **params),
                ),
            ],
            colour_by_index=True,
        )
    )
    types = dict(
        cases.order_by()
        .values("difficulty_type")
        .annotate(n=Count("id"))
        .values_list("difficulty_type", "n")
    )
    type_bars = [
        (str(label), types.get(value, 0), case_list_url(type=value, **params))
        for value, label in SupportCase.Type.choices
    ]
    if types.get(""):
        type_bars.append((pgettext("report", "Not set"), types[""], ""))
    charts.append(bar_chart(pgettext("report", "Types"), type_bars, colour_by_index=True))

    open_cases = cases.open()
    stale_count = open_cases.stale().count()
    fresh_count = open_cases.fresh().count()
    charts.append(
        bar_chart(
            pgettext("report", "Archive freshness (open cases)"),
            [
                (
                    pgettext("report", "Up to date"),
                    fresh_count,
                    case_list_url(stale="fresh", **params),
                ),
                (pgettext("report", "Stale"), stale_count, case_list_url(stale="stale", **params)),
            ],
            colour_by_index=True,
        )
    )
    if sees_any_family(scope) and filters.term is not None:
        from .figures import url_with

        summaries = home_visit_summaries(scope, filters, filters.term)
        struggling = sum(s.struggling for s in summaries)
        visit_url = url_with("family:visit_plan")
        charts.append(
            bar_chart(
                pgettext("report", "Home visits: done against due"),
                [
                    (pgettext("report", "Struggling students"), struggling, visit_url),
                    (
                        pgettext("report", "Visited this term"),
                        sum(s.visited_this_term for s in summaries),
                        visit_url,
                    ),
                    (pgettext("report", "Overdue"), sum(s.overdue for s in summaries), visit_url),
                ],
                colour_by_index=True,
            )
        )
    from .figures import url_with

    loads = homework_days(scope, filters, last_days=14)
    over = sum(1 for load in loads.values() if load.over)
    week_url = url_with("homework:week")
    charts.append(
        bar_chart(
            pgettext("report", "Homework load, last 2 weeks (class-days)"),
            [
                (pgettext("report", "Within the limit"), len(loads) - over, week_url),
                (pgettext("report", "Over the limit"), over, week_url),
            ],
            colour_by_index=True,
        )
    )
    progress = inspection_progress(scope, filters)
    if progress:
        charts.append(
            bar_chart(
                pgettext("report", "Inspection progress (teachers inspected)"),
                [
                    (
                        label,
                        round(100 * inspected / to_inspect) if to_inspect else 0,
                        url_with_kwargs("inspections:round_detail", round_pk=pk),
                    )
                    for label, inspected, to_inspect, pk in progress
                ],
                display=lambda value: f"{value}%",
                max_value=100,
            )
        )
    return charts


def url_with_kwargs(name: str, **kwargs) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=kwargs)
