"""What the other apps give the workbook (their ``sheets.py``, found by core.plugins), and
the school dashboard's charts drawn from their records."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count, Q
from django.utils.translation import pgettext

from archives.models import SupportCase
from archives.models.cases import stale_cutoff
from archives.sheets import scoped_cases
from core.plugins import CaseColumn, Figure, Sheet, collect
from family.sheets import home_visit_summaries, sees_any_family
from homework.sheets import homework_days
from inspections.sheets import inspection_progress
from school.reporting import Filters
from school.scoping import Scope

from .charts import bar_chart
from .links import case_list_url, url_with


def case_columns(scope: Scope) -> list[CaseColumn]:
    """Columns the apps add to the struggling-student list, in INSTALLED_APPS order."""
    return collect("sheets", "case_columns", scope=scope)


def overview_rows(scope: Scope, filters: Filters) -> list[tuple]:
    """Lines the apps add to the overview sheet, in their ``order``."""
    figures: list[Figure] = collect("sheets", "overview_rows", scope=scope, filters=filters)
    return [(f.label, f.value) for f in sorted(figures, key=lambda f: f.order)]


def sheets(scope: Scope, filters: Filters) -> list[Sheet]:
    """The apps' sheets, in their ``order``."""
    result: list[Sheet] = collect("sheets", "sheets", scope=scope, filters=filters)
    return sorted(result, key=lambda sheet: sheet.order)


def dashboard_charts(scope: Scope, filters: Filters, drill: Callable[..., str]) -> list:
    """Charts of causes, types, archive freshness, home visits and homework load."""
    cases = scoped_cases(scope, filters)
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

    # One pass over the open cases: every open case is either stale or up to date.
    freshness = (
        cases.open()
        .with_last_entry()
        .aggregate(open=Count("id"), stale=Count("id", filter=Q(last_entry_on__lt=stale_cutoff())))
    )
    stale_count = freshness["stale"]
    fresh_count = freshness["open"] - stale_count
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
