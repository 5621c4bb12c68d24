"""The school dashboard's figures: a constant number of queries, whatever the school's size."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext

from archives.models import SupportCase
from archives.sheets import scoped_cases
from school.models import today
from school.reporting import Filters
from school.scoping import Scope

from . import extra, selectors
from .charts import BarChart, bar_chart
from .links import case_list_url


@dataclass
class Dashboard:
    filters: Filters
    students: int = 0
    struggling: int = 0
    cases: int = 0
    open_cases: int = 0
    rate: selectors.Rate | None = None
    previous_rate: selectors.Rate | None = None
    previous_term: object = None
    charts: list[BarChart] = field(default_factory=list)
    extra: list = field(default_factory=list)
    # One value per build: the charts rendered from these figures are kept under it.
    build_id: str = field(default_factory=lambda: uuid.uuid4().hex)


def percent(value: float) -> str:
    return f"{value:.0f}%"


MAX_CACHE_SECONDS = 300


def cache_seconds() -> int:
    return max(0, min(settings.DASHBOARD_CACHE_SECONDS, MAX_CACHE_SECONDS))


def cache_key(scope: Scope, filters: Filters) -> str:
    """The user, their roles (as the scope holds them), the scope's term, the filters, the
    reader's language (the titles and labels are translated) and the day."""
    roles = (
        scope.school_wide,
        sorted(scope.teaching),
        sorted(scope.headed_class_ids),
        sorted(scope.led_grade_ids),
        sorted(scope.led_class_ids),
        sorted(scope.directed_subject_ids),
    )
    parts = (
        scope.user.pk,
        roles,
        scope.term.pk if scope.term else None,
        sorted(filters.to_params().items()),
        get_language(),
        today().isoformat(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"bangfu:dashboard:{digest}"


def cached_build(scope: Scope, filters: Filters) -> Dashboard:
    """``build``, kept for ``DASHBOARD_CACHE_SECONDS`` (at most 5 minutes): the figures are
    counts over the scope, no student's details, and a few minutes old is fine for them."""
    seconds = cache_seconds()
    if not seconds:
        return build(scope, filters)
    key = cache_key(scope, filters)
    board = cache.get(key)
    if board is None:
        board = build(scope, filters)
        cache.set(key, board, timeout=seconds)
    return board


def charts_html(request, board: Dashboard) -> str:
    """The board's charts, rendered, kept with the figures they show: an administrator's
    charts have a bar per class (400 at the bench's 10×), some thousand template variables."""
    seconds = cache_seconds()
    build_id = getattr(board, "build_id", "")  # (a board kept by an older release has none)
    key = f"bangfu:dashboard:charts:{build_id}:{get_language()}" if seconds and build_id else ""
    html = cache.get(key) if key else None
    if html is None:
        html = render_to_string("reports/_charts.html", {"board": board}, request=request)
        if key:
            cache.set(key, html, timeout=seconds)
    return mark_safe(html)  # noqa: S308  (our own template's output)


def build(scope: Scope, filters: Filters) -> Dashboard:
    cases = scoped_cases(scope, filters)
    students = selectors.scoped_students(scope, filters)
    board = Dashboard(filters=filters)
    board.students = students.count()
    counts = selectors.status_counts(cases)
    board.cases = sum(counts.values())
    board.open_cases = sum(counts[s] for s in SupportCase.OPEN_STATUSES)
    board.struggling = cases.values("student").distinct().count()
    board.rate = selectors.Rate(improved=counts[SupportCase.Status.IMPROVED], total=board.cases)
    term = filters.term
    board.previous_term = term.previous() if term else None
    if board.previous_term is not None:
        board.previous_rate = selectors.improvement_rate(
            scoped_cases(scope, filters, term=board.previous_term)
        )

    base = filters.to_params()
    base.pop("start"), base.pop("end")
    here = reverse("reports:dashboard")

    def drill(**change) -> str:
        params = {k: v for k, v in {**base, **change}.items() if v not in (None, "")}
        return f"{here}?{urlencode(params)}"

    term_id = term.pk if term else None
    by_grade = selectors.cases_by(
        cases, "student__school_class__grade__level", "student__school_class__grade"
    )
    if filters.grade is None and filters.school_class is None:
        board.charts.append(
            bar_chart(
                pgettext("report", "Struggling students by grade"),
                [
                    (
                        str(_grade_name(row["student__school_class__grade__level"])),
                        row["students"],
                        drill(grade=row["student__school_class__grade"], school_class=None),
                    )
                    for row in by_grade
                ],
            )
        )
    by_class = selectors.cases_by(
        cases,
        "student__school_class__grade__level",
        "student__school_class__number",
        "student__school_class",
        "student__school_class__name",
    )
    board.charts.append(
        bar_chart(
            pgettext("report", "Struggling students by class"),
            [
                (
                    row["student__school_class__name"],
                    row["students"],
                    case_list_url(school_class=row["student__school_class"], term=term_id),
                )
                for row in by_class
            ],
        )
    )
    by_subject = selectors.cases_by(cases, "subject__order", "subject", "subject__name")
    board.charts.append(
        bar_chart(
            pgettext("report", "Struggling students by subject"),
            [
                (row["subject__name"], row["students"], drill(subject=row["subject"]))
                for row in by_subject
            ],
            colour_by_index=True,
        )
    )
    board.charts.append(
        bar_chart(
            pgettext("report", "Support cases by status"),
            [
                (
                    str(label),
                    counts[value],
                    case_list_url(
                        status=value,
                        term=term_id,
                        school_class=base.get("school_class"),
                        subject=base.get("subject"),
                    ),
                )
                for value, label in SupportCase.Status.choices
            ],
            colour_by_index=True,
        )
    )
    this_term = pgettext("report", "This term") if term else pgettext("report", "Selected")
    rates = [(this_term, board.rate.percent or 0, "")]
    if board.previous_rate is not None:
        rates.append(
            (
                pgettext("report", "Last term"),
                board.previous_rate.percent or 0,
                drill(term=board.previous_term.pk if board.previous_term else None),
            )
        )
    board.charts.append(
        bar_chart(pgettext("report", "Improvement rate"), rates, display=percent, max_value=100)
    )
    board.extra = extra.dashboard_charts(scope, filters, drill)
    return board


def _grade_name(level: int) -> str:
    from school.models import GRADE_NAMES

    return GRADE_NAMES.get(level, str(level))
