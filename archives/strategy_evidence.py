"""Local evidence for the strategy library: how the school's own closed cases went.

For each strategy: the closed cases (improved or closed) whose plans used it, and the
share that ended 转化 (improved) or met every goal of their plan, overall and broken
down by cause and by type. Below ``MIN_CASES`` cases there is no percentage: 案例不足.
And from progress monitoring: the phases during which a case's plan used the strategy,
and the share whose trend met or beat the goal line. A constant number of queries
whatever the number of cases.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from . import monitoring as m
from .models import CaseMeasure, SupportCase, SupportMeasure
from .monitoring_data import Phase, monitoring_for

MIN_CASES = 5
ENDED = (SupportCase.Status.IMPROVED, SupportCase.Status.CLOSED)


@dataclass
class Share:
    """n closed cases, of which ``succeeded`` improved or met their goals."""

    n: int = 0
    succeeded: int = 0

    @property
    def enough(self) -> bool:
        return self.n >= MIN_CASES

    @property
    def percent(self) -> int | None:
        """Rounded percentage, or None below MIN_CASES cases."""
        if not self.enough:
            return None
        return round(100 * self.succeeded / self.n)

    @property
    def label(self) -> str:
        if self.percent is None:
            return _("Too few cases (n=%(n)d)") % {"n": self.n}
        return _("%(percent)d%% worked (n=%(n)d)") % {"percent": self.percent, "n": self.n}

    def add(self, succeeded: bool) -> None:
        self.n += 1
        self.succeeded += int(succeeded)


@dataclass
class PhaseShare(Share):
    """n monitoring phases with a trend, of which ``succeeded`` met or beat the goal line."""

    @property
    def label(self) -> str:
        if self.percent is None:
            return _("Too few monitored phases (n=%(n)d)") % {"n": self.n}
        return _("%(percent)d%% of phases on or above the goal line (n=%(n)d)") % {
            "percent": self.percent,
            "n": self.n,
        }


@dataclass
class StrategyEvidence:
    overall: Share = field(default_factory=Share)
    phases: PhaseShare = field(default_factory=PhaseShare)
    by_cause: dict[str, Share] = field(default_factory=lambda: defaultdict(Share))
    by_type: dict[str, Share] = field(default_factory=lambda: defaultdict(Share))

    def for_case(self, case: SupportCase) -> Share:
        """The share that speaks for ``case``: its type's if it has enough cases, else its
        causes' if they have, else the largest of them (or all cases)."""
        candidates = []
        if case.difficulty_type and case.difficulty_type in self.by_type:
            candidates.append(self.by_type[case.difficulty_type])
        for c, on in (
            (SupportCase.Cause.WEAK_FOUNDATION, case.cause_weak_foundation),
            (SupportCase.Cause.ATTITUDE, case.cause_attitude),
        ):
            if on and c in self.by_cause:
                candidates.append(self.by_cause[c])
        for share in candidates:
            if share.enough:
                return share
        return max(candidates, key=lambda s: s.n) if candidates else self.overall

    def cause_rows(self) -> list[tuple[str, Share]]:
        return [(str(label), self.by_cause[c]) for c, label in SupportCase.Cause.choices]

    def type_rows(self) -> list[tuple[str, Share]]:
        return [(str(label), self.by_type[t]) for t, label in SupportCase.Type.choices]


def case_succeeded(status: str, goals: int, met: int) -> bool:
    """转化, or every goal of the plan met."""
    return status == SupportCase.Status.IMPROVED or (goals > 0 and met == goals)


def local_evidence(strategy_ids=None) -> dict[int, StrategyEvidence]:
    """Strategy id → its evidence from the school's closed cases (one query)."""
    rows = CaseMeasure.objects.filter(case__status__in=ENDED)
    if strategy_ids is not None:
        rows = rows.filter(measure_id__in=list(strategy_ids))
    values = rows.values(
        "measure_id",
        "case_id",
        "case__status",
        "case__cause_weak_foundation",
        "case__cause_attitude",
        "case__difficulty_type",
    ).annotate(
        goals=Count("case__goals"),
        met=Count("case__goals", filter=Q(case__goals__outcome="met")),
    )
    result: dict[int, StrategyEvidence] = defaultdict(StrategyEvidence)
    for row in values:
        ok = case_succeeded(row["case__status"], row["goals"], row["met"])
        evidence = result[row["measure_id"]]
        evidence.overall.add(ok)
        if row["case__cause_weak_foundation"]:
            evidence.by_cause[SupportCase.Cause.WEAK_FOUNDATION].add(ok)
        if row["case__cause_attitude"]:
            evidence.by_cause[SupportCase.Cause.ATTITUDE].add(ok)
        if row["case__difficulty_type"]:
            evidence.by_type[row["case__difficulty_type"]].add(ok)
    _add_phases(result, strategy_ids)
    return result


def trend_met_aim(phase: Phase, *, higher_is_better: bool) -> bool | None:
    """Did the phase's trend meet or beat its goal line? None while it has no trend (6
    points over 3 weeks) or no goal line. "Met" is the trend rule's reading: within 20 %
    of the goal line's weekly rate (continue) or better (raise the goal)."""
    if phase.trend is None or phase.aim is None:
        return None
    decision, _reason = m.trend_rule(phase.trend, phase.aim, higher_is_better=higher_is_better)
    return decision in (m.Decision.CONTINUE, m.Decision.RAISE)


def _add_phases(result: dict[int, StrategyEvidence], strategy_ids) -> None:
    """Each monitoring phase (any case, open or closed) with a trend counts for every
    strategy the case's plan held by the phase's last point."""
    rows = CaseMeasure.objects.filter(case__goals__monitor__isnull=False)
    if strategy_ids is not None:
        rows = rows.filter(measure_id__in=list(strategy_ids))
    used: dict[int, list[tuple[int, datetime.date]]] = defaultdict(list)
    for case_id, measure_id, since in rows.values_list("case_id", "measure_id", "since").distinct():
        used[case_id].append((measure_id, since))
    if not used:
        return
    cases = SupportCase.objects.filter(pk__in=list(used)).select_related("term")
    for case_id, monitoring in monitoring_for(list(cases)).items():
        for series in monitoring.series:
            for phase in series.phases:
                met = trend_met_aim(phase, higher_is_better=series.measure.higher_is_better)
                if met is None:
                    continue
                last = max(p.date for p in phase.points)
                for measure_id, since in used[case_id]:
                    if since <= last:
                        result[measure_id].phases.add(met)


@dataclass
class Recommendation:
    strategy: SupportMeasure
    share: Share
    evidence: StrategyEvidence


def recommend(case: SupportCase, strategies, evidence: dict[int, StrategyEvidence]) -> list:
    """The strategies that suit the case, best local evidence first.

    Ranked by: enough cases (n ≥ 5) for the case's type or cause; then the share that
    worked; then enough monitored phases (n ≥ 5) and the share of them on or above the
    goal line; then n; then the library's order. Prefetch the strategies' ``subjects``.
    """
    picks = []
    for strategy in strategies:
        subject_ids = {s.pk for s in strategy.subjects.all()}
        if not strategy.suits(case, subject_ids):
            continue
        ev = evidence.get(strategy.pk) or StrategyEvidence()
        share = ev.for_case(case)
        picks.append(Recommendation(strategy=strategy, share=share, evidence=ev))
    picks.sort(
        key=lambda r: (
            not r.share.enough,
            -(r.share.percent or 0),
            not r.evidence.phases.enough,
            -(r.evidence.phases.percent or 0),
            -r.share.n,
            r.strategy.order,
            r.strategy.name,
        )
    )
    return picks
