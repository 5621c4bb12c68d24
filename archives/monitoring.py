"""Progress monitoring against a goal: the arithmetic, with no database.

A goal names a measure (口算 1 分钟正确题数, 听写正确率 …); its points are dated values.

- The **baseline** is the median of the first three points (or of the points the
  teacher picks), placed at the median of their dates.
- The **aimline** (目标线) runs from (baseline date, baseline) to (goal date, goal).
- After ``TREND_MIN_POINTS`` points spanning ``TREND_MIN_DAYS`` days, the ordinary
  least-squares **trend** (趋势线) gives the rate of improvement per week.
- The **decision**: the four-point rule looks at the last N points after the baseline
  (all better than the aimline: raise the goal; all worse: adjust the support;
  otherwise continue); the trend rule compares the trend's rate with the aimline's
  (within ``TREND_TOLERANCE`` of it: continue). Never from a single point.
- The **fidelity gate**: when the plan was delivered at less than the bar (落实率 < 80 %),
  the decision is "deliver the plan first", whatever the points say. Where the plan
  gives minutes, the stricter of sessions and minutes delivered ÷ planned counts.

"Better" follows the measure's direction: higher is better, or lower is better.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.text import message

BASELINE_POINTS = 3
TREND_MIN_POINTS = 6
TREND_MIN_DAYS = 21
# The trend is "on the aimline" when its weekly rate is within 20 % of the aimline's.
TREND_TOLERANCE = 0.2


@dataclass(frozen=True)
class Point:
    date: datetime.date
    value: float
    note: str = ""
    source: str = ""  # translated label of where it came from (probe, observation, test…)


@dataclass(frozen=True)
class Baseline:
    date: datetime.date
    value: float
    count: int  # how many points it is the median of


@dataclass(frozen=True)
class Line:
    """A straight line between two dated values (the aimline, or the trend's ends)."""

    start: datetime.date
    start_value: float
    end: datetime.date
    end_value: float

    @property
    def rate_per_week(self) -> float:
        days = (self.end - self.start).days
        return 0.0 if days <= 0 else (self.end_value - self.start_value) / days * 7

    def value_at(self, day: datetime.date) -> float:
        return self.start_value + self.rate_per_week * (day - self.start).days / 7


@dataclass(frozen=True)
class Trend:
    slope_per_day: float
    intercept: float  # value on ``origin``
    origin: datetime.date
    first: datetime.date
    last: datetime.date

    @property
    def rate_per_week(self) -> float:
        return self.slope_per_day * 7

    def value_at(self, day: datetime.date) -> float:
        return self.intercept + self.slope_per_day * (day - self.origin).days

    @property
    def line(self) -> Line:
        return Line(self.first, self.value_at(self.first), self.last, self.value_at(self.last))


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))


def baseline(
    points: Sequence[Point], picked: Sequence[datetime.date] | None = None
) -> Baseline | None:
    """The median of the first three points, or of the points on the ``picked`` dates.

    None while there are fewer than three points (and nothing picked).
    """
    ordered = sorted(points, key=lambda p: p.date)
    if picked:
        chosen = [p for p in ordered if p.date in set(picked)]
        if not chosen:
            return None
    else:
        if len(ordered) < BASELINE_POINTS:
            return None
        chosen = ordered[:BASELINE_POINTS]
    days = sorted(p.date.toordinal() for p in chosen)
    middle = datetime.date.fromordinal(round(statistics.median(days)))
    return Baseline(middle, median([p.value for p in chosen]), len(chosen))


def ols(points: Sequence[Point]) -> Trend | None:
    """The least-squares line through the points (x in days); None if all share one day."""
    if len(points) < 2:
        return None
    origin = min(p.date for p in points)
    xs = [(p.date - origin).days for p in points]
    ys = [p.value for p in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    return Trend(slope, mean_y - slope * mean_x, origin, origin, max(p.date for p in points))


def trend(points: Sequence[Point]) -> Trend | None:
    """The trend once there are enough points over enough weeks, else None."""
    if len(points) < TREND_MIN_POINTS:
        return None
    days = (max(p.date for p in points) - min(p.date for p in points)).days
    if days < TREND_MIN_DAYS:
        return None
    return ols(points)


def goal_from_rate(base: Baseline, goal_date: datetime.date, rate_per_week: float) -> float:
    """The goal reached by ``goal_date`` at ``rate_per_week`` from the baseline."""
    return base.value + rate_per_week * (goal_date - base.date).days / 7


def aimline(base: Baseline, goal_date: datetime.date, goal: float) -> Line:
    return Line(base.date, base.value, goal_date, goal)


# ---- fidelity (落实率) --------------------------------------------------------------


def planned_sessions(per_week: float, start: datetime.date, end: datetime.date) -> int:
    """Sessions planned from ``start`` to ``end`` (both counted) at ``per_week``."""
    days = (end - start).days + 1
    if days <= 0 or per_week <= 0:
        return 0
    return round(per_week * days / 7)


@dataclass(frozen=True)
class Fidelity:
    """Delivered against planned: sessions, and minutes where the plan gives minutes.

    ``planned_minutes`` is None when the plan gives no minutes a session; the minutes
    then do not count. ``strict_ratio`` is the lower of the two ratios: the fidelity
    gate uses it, so ten 5-minute sessions do not pass for ten 40-minute ones.
    """

    planned: int
    delivered: int
    planned_minutes: int | None = None
    delivered_minutes: int | None = None

    @property
    def ratio(self) -> float | None:
        return None if self.planned <= 0 else self.delivered / self.planned

    @property
    def percent(self) -> int | None:
        ratio = self.ratio
        return None if ratio is None else round(ratio * 100)

    @property
    def minutes_ratio(self) -> float | None:
        if not self.planned_minutes:
            return None
        return (self.delivered_minutes or 0) / self.planned_minutes

    @property
    def minutes_percent(self) -> int | None:
        ratio = self.minutes_ratio
        return None if ratio is None else round(ratio * 100)

    @property
    def strict_ratio(self) -> float | None:
        """The lower of the sessions' and the minutes' ratio (the minutes where planned)."""
        ratios = [r for r in (self.ratio, self.minutes_ratio) if r is not None]
        return min(ratios) if ratios else None

    @property
    def strict_percent(self) -> int | None:
        ratio = self.strict_ratio
        return None if ratio is None else round(ratio * 100)

    def __add__(self, other: Fidelity) -> Fidelity:
        """A case's total: sessions of every measure; minutes of those that plan minutes."""

        def plus(a: int | None, b: int | None) -> int | None:
            return None if a is None and b is None else (a or 0) + (b or 0)

        return Fidelity(
            self.planned + other.planned,
            self.delivered + other.delivered,
            plus(self.planned_minutes, other.planned_minutes),
            plus(self.delivered_minutes, other.delivered_minutes),
        )


def fidelity(
    *,
    per_week: float,
    minutes_per_session: int | None,
    start: datetime.date,
    end: datetime.date,
    delivered_minutes: Sequence[int | None],
) -> Fidelity:
    """One planned dose's 落实率 from the minutes of each session delivered in the window.

    Planned minutes are the planned sessions times the minutes a session. A session whose
    duration was not recorded (a marking record, an older tutoring entry) counts as the
    planned minutes of a session: the minutes can then only show sessions recorded short.
    """
    planned = planned_sessions(per_week, start, end)
    if not minutes_per_session:
        return Fidelity(planned, len(delivered_minutes))
    given = sum(minutes_per_session if m is None else m for m in delivered_minutes)
    return Fidelity(planned, len(delivered_minutes), planned * minutes_per_session, given)


# ---- the decision ---------------------------------------------------------------------


class Decision:
    INSUFFICIENT = "insufficient"  # 数据不足
    CONTINUE = "continue"  # 继续当前方案
    RAISE = "raise"  # 考虑提高目标
    ADJUST = "adjust"  # 需要调整帮扶措施
    DELIVER_FIRST = "deliver_first"  # 先落实计划


class Status:
    """Where the student stands, whatever the fidelity: what caseload lists count."""

    INSUFFICIENT = "insufficient"
    ON_TRACK = "on_track"
    ABOVE = "above"
    BELOW = "below"


STATUS_OF = {
    Decision.CONTINUE: Status.ON_TRACK,
    Decision.RAISE: Status.ABOVE,
    Decision.ADJUST: Status.BELOW,
    Decision.INSUFFICIENT: Status.INSUFFICIENT,
}


class Rule:
    FOUR_POINT = "four_point"
    TREND = "trend"


def decision_label(decision: str) -> str:
    return {
        Decision.INSUFFICIENT: _("Not enough data"),
        Decision.CONTINUE: _("Continue the current plan"),
        Decision.RAISE: _("Consider raising the goal"),
        Decision.ADJUST: _("Adjust the support"),
        Decision.DELIVER_FIRST: _("Deliver the plan first"),
    }[decision]


def status_label(status: str) -> str:
    return {
        Status.INSUFFICIENT: _("Not enough data"),
        Status.ON_TRACK: _("On track"),
        Status.ABOVE: _("Above the goal line"),
        Status.BELOW: _("Below the goal line"),
    }[status]


@dataclass(frozen=True)
class Verdict:
    decision: str
    status: str
    reason: str

    @property
    def label(self) -> str:
        return decision_label(self.decision)

    @property
    def status_label(self) -> str:
        return status_label(self.status)


def signed(value: float) -> str:
    """+0.8 / −0.3 / 0: a weekly rate as a teacher reads it."""
    text = f"{abs(value):.1f}".removesuffix(".0")
    if text == "0":
        return "0"
    return ("+" if value > 0 else "−") + text


def _compare(value: float, aim: float, higher_is_better: bool) -> int:
    """1 when better than the aimline, -1 when worse, 0 on it."""
    diff = value - aim if higher_is_better else aim - value
    if abs(diff) < 1e-9:
        return 0
    return 1 if diff > 0 else -1


def four_point(
    points: Sequence[Point], aim: Line, *, higher_is_better: bool, n: int
) -> tuple[str, str]:
    """(decision, reason) by the last ``n`` points after the baseline date."""
    after = sorted((p for p in points if p.date > aim.start), key=lambda p: p.date)
    if len(after) < n:
        return Decision.INSUFFICIENT, _(
            "%(have)d of the %(need)d points after the baseline the rule needs"
        ) % {"have": len(after), "need": n}
    sides = {_compare(p.value, aim.value_at(p.date), higher_is_better) for p in after[-n:]}
    # Messages (core.text): a reason stored on a meeting's agenda reads in its reader's language.
    up, down = (
        (message(gettext_noop("above")), message(gettext_noop("below")))
        if higher_is_better
        else (message(gettext_noop("better than")), message(gettext_noop("worse than")))
    )
    all_on = gettext_noop("The last %(n)d points are all %(side)s the goal line")
    if sides == {1}:
        return Decision.RAISE, message(all_on, n=n, side=up)
    if sides == {-1}:
        return Decision.ADJUST, message(all_on, n=n, side=down)
    return Decision.CONTINUE, message(
        gettext_noop("The last %(n)d points lie around the goal line"), n=n
    )


def trend_rule(
    line: Trend | None, aim: Line, *, higher_is_better: bool, unit: str = ""
) -> tuple[str, str]:
    """(decision, reason) by the trend's weekly rate against the aimline's."""
    if line is None:
        return Decision.INSUFFICIENT, _(
            "The trend needs %(n)d points over at least %(weeks)d weeks"
        ) % {"n": TREND_MIN_POINTS, "weeks": TREND_MIN_DAYS // 7}
    t, a = line.rate_per_week, aim.rate_per_week
    reason = message(
        gettext_noop("Trend %(trend)s a week, goal line %(aim)s a week"),
        trend=f"{signed(t)}{unit}",
        aim=f"{signed(a)}{unit}",
    )
    gain_t, gain_a = (t, a) if higher_is_better else (-t, -a)
    if abs(gain_t - gain_a) <= TREND_TOLERANCE * abs(gain_a) + 1e-9:
        return Decision.CONTINUE, reason
    return (Decision.RAISE if gain_t > gain_a else Decision.ADJUST), reason


def decide(
    points: Sequence[Point],
    aim: Line | None,
    *,
    higher_is_better: bool = True,
    rule: str = Rule.FOUR_POINT,
    n: int = 4,
    fidelity: Fidelity | None = None,
    fidelity_bar: float = 0.8,
    unit: str = "",
) -> Verdict:
    """The decision for one phase's points and aimline, gated by the plan's fidelity."""
    if aim is None:
        return Verdict(
            Decision.INSUFFICIENT,
            Status.INSUFFICIENT,
            _("The baseline needs %(n)d points") % {"n": BASELINE_POINTS},
        )
    if rule == Rule.TREND:
        decision, reason = trend_rule(
            trend(points), aim, higher_is_better=higher_is_better, unit=unit
        )
    else:
        decision, reason = four_point(points, aim, higher_is_better=higher_is_better, n=n)
    status = STATUS_OF[decision]
    ratio = fidelity.strict_ratio if fidelity is not None else None
    if decision != Decision.INSUFFICIENT and ratio is not None and ratio < fidelity_bar:
        assert fidelity is not None
        return Verdict(Decision.DELIVER_FIRST, status, delivered_reason(fidelity))
    return Verdict(decision, status, reason)


def delivered_reason(f: Fidelity) -> str:
    """ "Delivered 4 of 8 planned sessions (50%), 120 of 320 planned minutes (38%)"."""
    text = _("Delivered %(delivered)d of %(planned)d planned sessions (%(percent)d%%)") % {
        "delivered": f.delivered,
        "planned": f.planned,
        "percent": f.percent or 0,
    }
    if f.minutes_percent is not None:
        text += _(", %(delivered)d of %(planned)d planned minutes (%(percent)d%%)") % {
            "delivered": f.delivered_minutes or 0,
            "planned": f.planned_minutes,
            "percent": f.minutes_percent,
        }
    return text
