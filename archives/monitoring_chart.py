"""The monitoring chart of one measure as SVG numbers: points, aimlines, trend, phases.

The x axis is the term; the y axis is the goal and baseline plus the points inside
Tukey's fences (quartiles ± 1.5 × IQR), within the measure's sensible range, so one
stray value never squashes the rest (it is drawn at the edge, its value in its title).
Under the plot, a strip of weeks shows the delivered dose (落实率) week by week.
"""

from __future__ import annotations

import datetime
import math
import statistics
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .monitoring_data import CaseMonitoring, Series

WIDTH, HEIGHT = 600, 290
LEFT, RIGHT, TOP, BOTTOM = 48, 18, 24, 62
STRIP_HEIGHT = 10


@dataclass
class Mark:
    x: float
    y: float
    title: str
    anchor: str
    clipped: bool = False


@dataclass
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class Week:
    x: float
    width: float
    fill: str
    title: str


@dataclass
class MonitoringChart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    points: list[Mark] = field(default_factory=list)
    aims: list[Segment] = field(default_factory=list)
    trend: Segment | None = None
    goal: Mark | None = None
    phases: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    weeks: list[Week] = field(default_factory=list)

    @property
    def line(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def strip_y(self) -> int:
        return self.bottom + 8

    @property
    def strip_height(self) -> int:
        return STRIP_HEIGHT

    @property
    def x_label_y(self) -> int:
        return self.bottom + 8 + STRIP_HEIGHT + 22


def _nice_step(span: float) -> float:
    raw = span / 5 if span > 0 else 1
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _fences(values: list[float]) -> tuple[float, float]:
    if len(values) < 4:
        return min(values), max(values)
    q1, _q2, q3 = statistics.quantiles(values, n=4)
    iqr = q3 - q1
    inside = [v for v in values if q1 - 1.5 * iqr <= v <= q3 + 1.5 * iqr]
    return min(inside), max(inside)


def y_range(series: Series) -> tuple[float, float]:
    measure = series.measure
    low_limit, high_limit = float(measure.min_value), float(measure.max_value)
    values = [p.value for p in series.points]
    anchors = []
    for phase in series.phases:
        if phase.baseline is not None:
            anchors.append(phase.baseline.value)
        if phase.goal_value is not None:
            anchors.append(phase.goal_value)
    if not values and not anchors:
        return low_limit, high_limit
    lo, hi = _fences(values) if values else (min(anchors), max(anchors))
    lo, hi = min([lo, *anchors]), max([hi, *anchors])
    pad = max((hi - lo) * 0.15, (high_limit - low_limit) * 0.05)
    lo, hi = max(low_limit, lo - pad), min(high_limit, hi + pad)
    step = _nice_step(hi - lo)
    return max(low_limit, math.floor(lo / step) * step), min(
        high_limit, math.ceil(hi / step) * step
    )


def _fmt(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def build(cm: CaseMonitoring, series: Series) -> MonitoringChart:
    chart = MonitoringChart()
    term = cm.case.term
    start, end = term.start, term.end
    span = max((end - start).days, 1)
    plot_w, plot_h = chart.right - chart.left, chart.bottom - chart.top
    lo, hi = y_range(series)
    if hi <= lo:
        hi = lo + 1

    def x_of(day: datetime.date) -> float:
        return chart.left + plot_w * min(max((day - start).days, 0), span) / span

    def y_of(value: float) -> float:
        return chart.bottom - plot_h * (min(max(value, lo), hi) - lo) / (hi - lo)

    unit = series.measure.shown_unit
    for i, p in enumerate(series.points):
        title = f"{p.date:%m-%d} {_fmt(p.value)}{unit}"
        if p.source and p.source != "probe":
            title += f" · {p.source}"
        if p.note:
            title += f" · {p.note}"
        chart.points.append(
            Mark(
                x_of(p.date),
                y_of(p.value),
                title,
                f"pt-{series.measure.pk}-{i}",
                not lo <= p.value <= hi,
            )
        )
    for n, phase in enumerate(series.phases):
        if n:
            chart.phases.append((x_of(phase.start), _("Step %(n)d") % {"n": phase.step}))
        if phase.aim is not None:
            a = phase.aim
            chart.aims.append(
                Segment(x_of(a.start), y_of(a.start_value), x_of(a.end), y_of(a.end_value))
            )
    current = series.current
    if current.aim is not None and current.goal_value is not None:
        chart.goal = Mark(
            x_of(current.goal_date),
            y_of(current.goal_value),
            _("Goal %(value)s by %(date)s")
            % {"value": f"{_fmt(current.goal_value)}{unit}", "date": f"{current.goal_date:%m-%d}"},
            "goal",
        )
    if current.trend is not None:
        t = current.trend.line
        chart.trend = Segment(x_of(t.start), y_of(t.start_value), x_of(t.end), y_of(t.end_value))
    step = _nice_step(hi - lo)
    tick = lo
    while tick <= hi + 1e-9:
        chart.y_ticks.append((y_of(tick), _fmt(tick)))
        tick += step
    month = datetime.date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            chart.x_ticks.append((x_of(month), f"{month.month}/1"))
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    chart.weeks = _weeks(cm, start, min(end, _today()), x_of)
    return chart


def _today() -> datetime.date:
    from school.models import today

    return today()


def _weeks(cm: CaseMonitoring, start: datetime.date, end: datetime.date, x_of) -> list[Week]:
    """One cell a week from the term's start: planned against delivered sessions."""
    if not cm.doses:
        return []
    bar = (cm.settings.fidelity_bar if cm.settings else 80) / 100
    weeks = []
    day, n = start, 1
    while day <= end:
        last = min(day + datetime.timedelta(days=6), end)
        planned = sum(
            float(line.dose.sessions_per_week) * ((last - max(day, line.dose.since)).days + 1) / 7
            for line in cm.doses
            if line.dose.since <= last
        )
        done = sum(1 for line in cm.doses for d in line.delivered_on if day <= d <= last)
        if planned <= 0:
            fill = "#e9ecef"
        elif done / planned >= bar:
            fill = "#198754"
        elif done:
            fill = "#ffc107"
        else:
            fill = "#dc3545"
        title = _("Week %(n)d: %(done)d of %(planned)s sessions") % {
            "n": n,
            "done": done,
            "planned": _fmt(round(planned, 1)),
        }
        x1, x2 = x_of(day), x_of(last + datetime.timedelta(days=1))
        weeks.append(Week(x1, max(x2 - x1 - 1, 1), fill, title))
        day, n = day + datetime.timedelta(days=7), n + 1
    return weeks
