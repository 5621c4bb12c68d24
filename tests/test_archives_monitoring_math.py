"""The monitoring arithmetic against examples worked by hand (see each test's comment)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from archives.monitoring import (
    Baseline,
    Decision,
    Fidelity,
    Point,
    Rule,
    Status,
    aimline,
    baseline,
    decide,
    fidelity,
    goal_from_rate,
    median,
    ols,
    planned_sessions,
    signed,
    trend,
)

D = datetime.date
WEEKS = [D(2026, 9, 7) + datetime.timedelta(days=7 * i) for i in range(6)]  # Mondays


def pts(values, days=WEEKS):
    return [Point(d, float(v)) for d, v in zip(days, values, strict=False)]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_median_of_odd_and_even_counts():
    assert median([12, 10, 11]) == 11
    assert median([10, 14, 11, 13]) == 12  # (11 + 13) / 2


def test_baseline_is_the_median_of_the_first_three_points_at_their_middle_date():
    # 10, 12, 11 → median 11, on the middle of 7, 14, 21 September: the 14th.
    assert baseline(pts([10, 12, 11, 13, 14, 16])) == Baseline(D(2026, 9, 14), 11.0, 3)


def test_baseline_of_points_the_teacher_picked():
    # Picked 21 and 28 September: median of 11 and 13 is 12, dated between them (24.5 → 24th).
    base = baseline(pts([10, 12, 11, 13, 14, 16]), picked=[D(2026, 9, 21), D(2026, 9, 28)])
    assert base is not None and base.value == 12.0 and base.count == 2
    assert base.date in (D(2026, 9, 24), D(2026, 9, 25))


def test_no_baseline_from_fewer_than_three_points():
    assert baseline(pts([10, 12])) is None
    assert baseline([]) is None


def test_ols_slope_worked_by_hand():
    # x = 0, 7, …, 35 days, y = 10 12 11 13 14 16: Σ(x−x̄)y = 133, Σ(x−x̄)² = 857.5,
    # slope 133 / 857.5 = 0.1551 a day = 1.0857 a week; intercept 12.667 − 0.1551·17.5 = 9.952.
    line = ols(pts([10, 12, 11, 13, 14, 16]))
    assert line is not None
    assert line.rate_per_week == pytest.approx(931 / 857.5)
    assert line.value_at(D(2026, 9, 7)) == pytest.approx(76 / 6 - 133 / 857.5 * 17.5)


def test_trend_needs_six_points_over_three_weeks():
    assert trend(pts([10, 12, 11, 13, 14])) is None  # five points
    close = [D(2026, 9, 7) + datetime.timedelta(days=2 * i) for i in range(6)]
    assert trend(pts([10, 12, 11, 13, 14, 16], close)) is None  # ten days
    assert trend(pts([10, 12, 11, 13, 14, 16])) is not None


def test_goal_from_a_weekly_rate_and_the_aimline_rate():
    # 从 12 题提高到 20 题: 10 weeks at +0.8 a week.
    base = Baseline(D(2026, 9, 14), 12.0, 3)
    assert goal_from_rate(base, D(2026, 11, 23), 0.8) == pytest.approx(20.0)
    aim = aimline(base, D(2026, 11, 23), 20.0)
    assert aim.rate_per_week == pytest.approx(0.8)
    assert aim.value_at(D(2026, 10, 12)) == pytest.approx(15.2)


GOAL_DAY = D(2026, 11, 23)


def _aim(points, goal=20.0, by=GOAL_DAY):
    base = baseline(points)
    return aimline(base, by, goal) if base else None


def test_four_point_rule_all_below_asks_to_adjust():
    # baseline 10 (14 Sep), goal 20 by 23 Nov: +1 a week. After the baseline: 10 10 10 10
    # against 10.5 11 11.5 12: all below.
    points = pts([10, 11, 10, 10, 10, 10])
    verdict = decide(points, _aim(points))
    assert verdict.decision == Decision.ADJUST and verdict.status == Status.BELOW
    assert verdict.reason == "The last 4 points are all below the goal line"


def test_four_point_rule_mixed_points_continue():
    # baseline 11, +0.9 a week: 11 < 11.9, 13 > 12.8, 14 > 13.7, 16 > 14.6 → mixed.
    points = pts([10, 12, 11, 13, 14, 16])
    verdict = decide(points, _aim(points))
    assert verdict.decision == Decision.CONTINUE and verdict.status == Status.ON_TRACK


def test_four_point_rule_all_above_suggests_raising_the_goal():
    points = pts([10, 12, 11, 14, 15, 16])  # 14 > 11.9, 15 > 12.8, 16 > 13.7
    points.append(Point(D(2026, 10, 19), 17.0))  # the last four: 14 15 16 17
    verdict = decide(points, _aim(points))
    assert verdict.decision == Decision.RAISE and verdict.status == Status.ABOVE


def test_lower_is_better_measure_reads_the_other_way():
    # Mistakes: 8 6 7 → baseline 7; goal 2 by 23 Nov (−0.5 a week); 5 5 4 3 all under the line.
    points = pts([8, 6, 7, 5, 4, 3])
    points.insert(3, Point(D(2026, 9, 24), 5.0))
    verdict = decide(points, _aim(points, goal=2.0), higher_is_better=False)
    assert verdict.decision == Decision.RAISE
    assert "better than" in verdict.reason


def test_rule_needs_enough_points_after_the_baseline_never_one():
    points = pts([10, 11, 10, 10])  # one point after the baseline date (+ the third one)
    verdict = decide(points, _aim(points))
    assert verdict.decision == Decision.INSUFFICIENT
    assert verdict.reason == "2 of the 4 points after the baseline the rule needs"
    one = [Point(D(2026, 9, 7), 3.0)]
    assert decide(one, _aim(one)).decision == Decision.INSUFFICIENT


def test_trend_rule_steeper_than_the_aimline_raises():
    # trend +1.09 a week against +0.9: more than 20 % steeper.
    points = pts([10, 12, 11, 13, 14, 16])
    verdict = decide(points, _aim(points), rule=Rule.TREND, unit="")
    assert verdict.decision == Decision.RAISE
    assert verdict.reason == "Trend +1.1 a week, goal line +0.9 a week"


def test_trend_rule_within_tolerance_continues_and_flatter_adjusts():
    points = pts([10, 12, 11, 13, 14, 16])
    assert decide(points, _aim(points, goal=21.0), rule=Rule.TREND).decision == Decision.CONTINUE
    flat = pts([10, 11, 10, 10, 11, 10])
    verdict = decide(flat, _aim(flat), rule=Rule.TREND)
    assert verdict.decision == Decision.ADJUST and verdict.status == Status.BELOW


def test_trend_rule_without_enough_weeks_is_not_enough_data():
    points = pts([10, 12, 11, 13, 14])
    assert decide(points, _aim(points), rule=Rule.TREND).decision == Decision.INSUFFICIENT


def test_planned_sessions_and_fidelity():
    # Twice a week from 1 to 28 September: 4 weeks, 8 sessions; 4 delivered: 50 %.
    assert planned_sessions(2, D(2026, 9, 1), D(2026, 9, 28)) == 8
    assert planned_sessions(2, D(2026, 9, 28), D(2026, 9, 1)) == 0
    f = Fidelity(planned=8, delivered=4)
    assert f.ratio == 0.5 and f.percent == 50
    assert (f + Fidelity(2, 2)).percent == 60
    assert Fidelity(0, 3).ratio is None


def test_fidelity_counts_minutes_where_the_plan_gives_them():
    # Twice a week, 40 minutes, 1 to 28 September: 8 sessions, 8 × 40 = 320 minutes planned.
    # Six delivered: 40 + 40 + 20 + 20 + (not recorded: counts the planned 40) + 30 = 190.
    f = fidelity(
        per_week=2,
        minutes_per_session=40,
        start=D(2026, 9, 1),
        end=D(2026, 9, 28),
        delivered_minutes=[40, 40, 20, 20, None, 30],
    )
    assert (f.planned, f.delivered, f.planned_minutes, f.delivered_minutes) == (8, 6, 320, 190)
    assert f.percent == 75 and f.minutes_percent == 59  # 190 / 320 = 59.4 %
    assert f.strict_ratio == 190 / 320 and f.strict_percent == 59
    # No minutes in the plan: only sessions count, whatever the records say.
    plain = fidelity(
        per_week=2,
        minutes_per_session=None,
        start=D(2026, 9, 1),
        end=D(2026, 9, 28),
        delivered_minutes=[5, 5, 5, 5, 5, 5],
    )
    assert plain.minutes_percent is None and plain.strict_percent == plain.percent == 75
    # A case's total: sessions of every measure (12, 10: 83 %), minutes of those planning
    # minutes (320, 190: 59 %); the stricter is 59 %.
    total = f + plain
    assert (total.planned, total.delivered) == (16, 12)
    assert (total.planned_minutes, total.delivered_minutes) == (320, 190)
    assert total.strict_percent == 59
    assert (Fidelity(0, 0) + Fidelity(4, 4)).planned_minutes is None


def test_the_gate_takes_the_stricter_of_sessions_and_minutes():
    flat = pts([10, 11, 10, 10, 10, 10])
    # 9 of 10 sessions (90 %) but 200 of 400 minutes (50 %): short sessions, not delivered.
    verdict = decide(flat, _aim(flat), fidelity=Fidelity(10, 9, 400, 200))
    assert verdict.decision == Decision.DELIVER_FIRST and verdict.status == Status.BELOW
    assert verdict.reason == (
        "Delivered 9 of 10 planned sessions (90%), 200 of 400 planned minutes (50%)"
    )
    # Both at or above the bar (80 %, 90 %): the student is judged.
    assert decide(flat, _aim(flat), fidelity=Fidelity(10, 8, 400, 360)).decision == Decision.ADJUST
    # Minutes above, sessions below: still the stricter.
    assert (
        decide(flat, _aim(flat), fidelity=Fidelity(10, 7, 400, 400)).decision
        == Decision.DELIVER_FIRST
    )


def test_fidelity_gate_comes_before_judging_the_student():
    flat = pts([10, 11, 10, 10, 10, 10])
    verdict = decide(flat, _aim(flat), fidelity=Fidelity(8, 4))
    assert verdict.decision == Decision.DELIVER_FIRST
    assert verdict.status == Status.BELOW  # off track, but only because not delivered
    assert verdict.reason == "Delivered 4 of 8 planned sessions (50%)"
    # At the bar (80 %) the student is judged.
    assert decide(flat, _aim(flat), fidelity=Fidelity(10, 8)).decision == Decision.ADJUST
    # Not enough data stays not enough data.
    few = flat[:4]
    assert decide(few, _aim(few), fidelity=Fidelity(8, 1)).decision == Decision.INSUFFICIENT


def test_signed_rates():
    assert signed(0.8) == "+0.8"
    assert signed(-0.34) == "−0.3"
    assert signed(0.01) == "0"
    assert signed(2.0) == "+2"
