"""A batch of cases' monitoring: their goals' phases, points, decisions and 落实率.

Points come from probes (here) and, by the measure's source, from every app's
``monitoring_points.py`` (``points(*, cases, source) -> list[(case id, Point)]``);
the delivered dose from every app's ``dose.py``
(``delivered(*, cases, kinds) -> list[(case id, kind, date, minutes | None)]``: each
session delivered, its minutes when the record has them; a dose that names a provider,
such as an after-school group (``dose_targets.py``), counts that provider's only). The
queries are a
constant number whatever the number of cases (caseload lists rely on it).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from core.plugins import collect
from school.models import today

from . import monitoring as m
from .dose_targets import DoseTarget, named
from .models import (
    GoalMonitor,
    MonitoringMeasure,
    MonitoringSettings,
    PlannedDose,
    ProbePoint,
    SupportCase,
    SupportGoal,
)


@dataclass
class Phase:
    monitor: GoalMonitor
    start: datetime.date
    end: datetime.date | None  # the next phase's start
    points: list[m.Point]
    baseline: m.Baseline | None
    goal_date: datetime.date
    goal_value: float | None
    aim: m.Line | None
    trend: m.Trend | None

    @property
    def step(self) -> int:
        return self.monitor.goal.step

    @property
    def summary(self) -> dict:
        """ "从 12 题提高到 20 题，约每周 +0.8 题": the numbers of the sentence."""
        if self.baseline is None or self.goal_value is None or self.aim is None:
            return {}
        unit = self.monitor.measure.shown_unit
        return {
            "baseline": f"{self.baseline.value:g}",
            "goal": f"{self.goal_value:.1f}".removesuffix(".0"),
            "rate": m.signed(self.aim.rate_per_week),
            "unit": unit,
            "by": self.goal_date,
        }


@dataclass
class Series:
    """One measure's points over the term and its phases (one chart)."""

    measure: MonitoringMeasure
    points: list[m.Point]
    phases: list[Phase]
    verdict: m.Verdict

    @property
    def current(self) -> Phase:
        return self.phases[-1]

    @property
    def rows(self) -> list[tuple[m.Point, float | None]]:
        """Each point with the goal line's value on its day (the table view)."""
        out = []
        for p in self.points:
            phase = next((ph for ph in reversed(self.phases) if p.date >= ph.start), None)
            aim = phase.aim if phase is not None else None
            out.append((p, aim.value_at(p.date) if aim and p.date >= aim.start else None))
        return out


@dataclass
class DoseLine:
    dose: PlannedDose
    fidelity: m.Fidelity
    delivered_on: list[datetime.date]
    target: DoseTarget | None = None  # the group (or other provider) the dose names


@dataclass
class CaseMonitoring:
    case: SupportCase
    series: list[Series] = field(default_factory=list)
    goals: list[SupportGoal] = field(default_factory=list)
    doses: list[DoseLine] = field(default_factory=list)
    settings: MonitoringSettings | None = None

    @property
    def fidelity(self) -> m.Fidelity | None:
        if not self.doses:
            return None
        total = m.Fidelity(0, 0)
        for line in self.doses:
            total = total + line.fidelity
        return total

    @property
    def below_bar(self) -> bool:
        """Delivered less than the school's fidelity bar (落实率 < 80 % by default)."""
        f = self.fidelity
        bar = self.settings.fidelity_bar if self.settings else 80
        ratio = f.strict_ratio if f is not None else None
        return ratio is not None and ratio * 100 < bar

    @property
    def verdict(self) -> m.Verdict | None:
        """The decision of the measure monitored most recently; None when nothing is."""
        return self.series[-1].verdict if self.series else None

    @property
    def status(self) -> str:
        return self.verdict.status if self.verdict else ""


def _window(case: SupportCase, since: datetime.date) -> tuple[datetime.date, datetime.date]:
    return max(since, case.term.start), min(today(), case.term.end)


def _fidelity(
    case: SupportCase,
    dose: PlannedDose,
    sessions: list[tuple[datetime.date, int | None]],
    target: DoseTarget | None,
) -> DoseLine:
    start, end = _window(case, dose.since)
    inside = sorted((d, minutes) for d, minutes in sessions if start <= d <= end)
    fidelity = m.fidelity(
        per_week=float(dose.sessions_per_week),
        minutes_per_session=dose.minutes_per_session,
        start=start,
        end=end,
        delivered_minutes=[minutes for _d, minutes in inside],
    )
    return DoseLine(dose, fidelity, [d for d, _m in inside], target)


def _phase(
    monitor: GoalMonitor, case: SupportCase, points: list[m.Point], end: datetime.date | None
) -> Phase:
    inside = [p for p in points if p.date >= monitor.starts_on and (end is None or p.date < end)]
    picked = [datetime.date.fromisoformat(d) for d in monitor.baseline_dates or []]
    base = m.baseline(inside, picked or None)
    goal_date = monitor.goal.due_on or case.term.end
    goal_value: float | None = None
    if monitor.goal_value is not None:
        goal_value = float(monitor.goal_value)
    elif base is not None and monitor.weekly_rate is not None:
        goal_value = m.goal_from_rate(base, goal_date, float(monitor.weekly_rate))
    aim = m.aimline(base, goal_date, goal_value) if base and goal_value is not None else None
    return Phase(
        monitor, monitor.starts_on, end, inside, base, goal_date, goal_value, aim, m.trend(inside)
    )


def _series(
    case: SupportCase,
    measure: MonitoringMeasure,
    monitors: list[GoalMonitor],
    points: list[m.Point],
    fidelity: m.Fidelity | None,
    settings: MonitoringSettings,
) -> Series:
    monitors = sorted(monitors, key=lambda g: (g.starts_on, g.goal.step))
    phases = [
        _phase(g, case, points, monitors[i + 1].starts_on if i + 1 < len(monitors) else None)
        for i, g in enumerate(monitors)
    ]
    current = phases[-1]
    verdict = m.decide(
        current.points,
        current.aim,
        higher_is_better=measure.higher_is_better,
        rule=settings.rule,
        n=settings.rule_points,
        fidelity=fidelity,
        fidelity_bar=settings.fidelity_bar / 100,
        unit=measure.shown_unit,
    )
    return Series(measure, points, phases, verdict)


def _as_float(value: Decimal | float | int) -> float:
    return float(value)


def monitoring_for(cases: Sequence[SupportCase]) -> dict[int, CaseMonitoring]:
    """Case pk → its monitoring (every case given gets one, monitored or not)."""
    cases = list(cases)
    result = {c.pk: CaseMonitoring(c) for c in cases}
    if not cases:
        return result
    by_pk = {c.pk: c for c in cases}
    monitors: dict[int, list[GoalMonitor]] = defaultdict(list)
    # The goals (the archive links each to its monitoring) and their monitors: one query.
    # (Ordered by the case's pk, not the case's own ordering: that joins its student, class,
    # grade and subject, for the same order of each case's goals.)
    goals_of_cases = (
        SupportGoal.objects.filter(case__in=cases)
        .select_related("monitor__measure")
        .order_by("case_id", "step")
    )
    for goal in goals_of_cases:
        result[goal.case_id].goals.append(goal)
        monitor = getattr(goal, "monitor", None)
        if monitor is not None:
            monitor.goal = goal
            monitors[goal.case_id].append(monitor)
    settings = MonitoringSettings.current() if monitors else MonitoringSettings()

    # Points: probes, then each measure source from the app that holds it.
    points: dict[tuple[int, int], list[m.Point]] = defaultdict(list)
    monitored = [by_pk[pk] for pk in monitors]
    for case_id, measure_id, day, value, note in (
        ProbePoint.objects.alive()
        .filter(case__in=monitored)
        .values_list("case_id", "measure_id", "date", "value", "note")
    ):
        points[(case_id, measure_id)].append(m.Point(day, _as_float(value), note, "probe"))
    sources: dict[str, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for case_id, goals in monitors.items():
        for g in goals:
            if g.measure.source != MonitoringMeasure.Source.PROBE:
                sources[g.measure.source][case_id].add(g.measure_id)
    for source, measures_of_case in sources.items():
        wanted = [by_pk[pk] for pk in measures_of_case]
        for case_id, point in collect("monitoring_points", "points", cases=wanted, source=source):
            for measure_id in measures_of_case.get(case_id, ()):
                points[(case_id, measure_id)].append(point)

    # Planned and delivered dose.
    doses: dict[int, list[PlannedDose]] = defaultdict(list)
    for dose in PlannedDose.objects.filter(case__in=cases).order_by("case_id", "kind"):
        doses[dose.case_id].append(dose)
    delivered: dict[tuple[int, str], list[tuple[datetime.date, int | None]]] = defaultdict(list)
    kinds = {d.kind for ds in doses.values() for d in ds}
    targets: dict[int, DoseTarget] = {}
    if kinds:
        dosed = [by_pk[pk] for pk in doses]
        for case_id, kind, day, minutes in collect("dose", "delivered", cases=dosed, kinds=kinds):
            delivered[(case_id, kind)].append((day, minutes))
        targets = named(d for ds in doses.values() for d in ds)

    for case in cases:
        cm = result[case.pk]
        cm.settings = settings
        cm.doses = [
            _fidelity(case, d, delivered[(case.pk, d.kind)], targets.get(d.pk))
            for d in doses[case.pk]
        ]
        fidelity = cm.fidelity
        by_measure: dict[int, list[GoalMonitor]] = defaultdict(list)
        for g in monitors[case.pk]:
            by_measure[g.measure_id].append(g)
        series = []
        for goals in by_measure.values():
            measure = goals[0].measure
            pts = sorted(points[(case.pk, measure.pk)], key=lambda p: p.date)
            series.append(_series(case, measure, goals, pts, fidelity, settings))
        cm.series = sorted(series, key=lambda s: (s.current.start, s.current.step))
    return result


def monitoring_of(case: SupportCase) -> CaseMonitoring:
    return monitoring_for([case])[case.pk]
