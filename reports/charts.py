"""Bar charts drawn as SVG by a template: geometry here, markup in charts/bars.html.

Only presentation attributes (x, y, width, fill): the CSP forbids style="" and
no chart library is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

VIEW_WIDTH = 320
LABEL_WIDTH = 104
BAR_X = 108
BAR_SPACE = 168  # leaves room for the value after the longest bar
ROW_HEIGHT = 26
BAR_HEIGHT = 18
COLOURS = ("#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545", "#20c997", "#6c757d")


@dataclass
class Bar:
    label: str
    value: float
    display: str
    url: str
    y: int
    length: float
    colour: str
    text_y: int = 0
    value_x: float = 0


@dataclass
class BarChart:
    title: str
    bars: list[Bar] = field(default_factory=list)
    height: int = 0
    width: int = VIEW_WIDTH
    label_x: int = LABEL_WIDTH - 4
    bar_x: int = BAR_X
    bar_height: int = BAR_HEIGHT
    empty_text: str = ""


def bar_chart(
    title: str,
    items: list[tuple[str, float, str]],
    *,
    display=None,
    colour_by_index: bool = False,
    max_value: float | None = None,
) -> BarChart:
    """``items``: (label, value, url) triples; ``display`` formats a value for the label."""
    top = max_value or max((value for _label, value, _url in items), default=0) or 1
    bars = []
    for index, (label, value, url) in enumerate(items):
        y = index * ROW_HEIGHT + 4
        length = round(BAR_SPACE * (value or 0) / top, 1)
        bars.append(
            Bar(
                label=str(label),
                value=value,
                display=display(value) if display else str(value),
                url=url,
                y=y,
                length=max(length, 1 if value else 0),
                colour=COLOURS[index % len(COLOURS)] if colour_by_index else COLOURS[0],
                text_y=y + BAR_HEIGHT - 5,
                value_x=BAR_X + max(length, 1) + 4,
            )
        )
    return BarChart(title=title, bars=bars, height=len(bars) * ROW_HEIGHT + 8)
