"""The archive's progress chart as plain SVG numbers: no JavaScript library.

Ratings (1–5) and scores (0–100 %) share the plot's height; the template draws
the axes, the two lines and their points with presentation attributes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from core.text import join_list

WIDTH, HEIGHT = 600, 260
LEFT, RIGHT, TOP, BOTTOM = 36, 58, 14, 34


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    rating_points: list[tuple[float, float, str]] = field(default_factory=list)
    score_points: list[tuple[float, float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, int, int]] = field(default_factory=list)  # y, rating, percent
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def rating_line(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _t in self.rating_points)

    @property
    def score_line(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _t in self.score_points)

    @property
    def is_empty(self) -> bool:
        return not (self.rating_points or self.score_points)

    # The points and ticks with their coordinates written for the SVG: a term of daily
    # logging draws a hundred points, and ``floatformat`` on each was a tenth of the page.

    @property
    def rating_marks(self) -> list[tuple[str, str, str]]:
        return [(svg_number(x), svg_number(y), t) for x, y, t in self.rating_points]

    @property
    def score_marks(self) -> list[tuple[str, str, str]]:
        return [(svg_number(x), svg_number(y), t) for x, y, t in self.score_points]

    @property
    def y_marks(self) -> list[tuple[str, int, int]]:
        return [(svg_number(y), r, p) for y, r, p in self.y_ticks]

    @property
    def x_marks(self) -> list[tuple[str, str]]:
        return [(svg_number(x), label) for x, label in self.x_ticks]


_TENTH = Decimal("0.1")


def svg_number(value: float) -> str:
    """``value|floatformat:1`` (half up, one decimal), never localized: SVG wants a dot."""
    return str(Decimal(str(value)).quantize(_TENTH, ROUND_HALF_UP))


def build(entries, start: datetime.date, end: datetime.date) -> Chart:
    chart = Chart()
    dated = [e for e in entries if e.rating is not None or e.score_percent is not None]
    if dated:
        start = min(start, min(e.date for e in dated))
        end = max(end, max(e.date for e in dated))
    span = max((end - start).days, 1)
    plot_w = chart.right - chart.left
    plot_h = chart.bottom - chart.top

    def x_of(day: datetime.date) -> float:
        return chart.left + plot_w * (day - start).days / span

    def y_of(fraction: float) -> float:
        return chart.bottom - plot_h * fraction

    # Several entries of one day (a lesson, a marking, a test) make one point: their mean.
    ratings: dict[datetime.date, list[tuple[float, str]]] = {}
    scores: dict[datetime.date, list[tuple[float, str]]] = {}
    for e in dated:
        if e.rating is not None:
            ratings.setdefault(e.date, []).append((e.rating, e.kind_label))
        if e.score_percent is not None:
            scores.setdefault(e.date, []).append((e.score_percent, e.kind_label))
    for day, values in sorted(ratings.items()):
        mean = sum(v for v, _k in values) / len(values)
        label = f"{day:%m-%d} " + join_list(f"{k} {v:g}" for v, k in values)
        chart.rating_points.append((x_of(day), y_of((mean - 1) / 4), label))
    for day, values in sorted(scores.items()):
        mean = sum(v for v, _k in values) / len(values)
        label = f"{day:%m-%d} " + join_list(f"{k} {v:g}%" for v, k in values)
        chart.score_points.append((x_of(day), y_of(mean / 100), label))
    chart.y_ticks = [(y_of((r - 1) / 4), r, (r - 1) * 25) for r in range(1, 6)]
    month = datetime.date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            chart.x_ticks.append((x_of(month), f"{month.month}/1"))
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return chart
