"""Local evidence for the strategy library: how the school's own closed cases went.

For each strategy: the closed cases (improved or closed) whose plans used it, and the
share that ended 转化 (improved) or met every goal of their plan, overall and broken
down by cause and by type. Below ``MIN_CASES`` cases there is no percentage: 案例不足.
One query whatever the number of cases.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .models import CaseMeasure, SupportCase, SupportMeasure

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
class StrategyEvidence:
    overall: Share = field(default_factory=Share)
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
    return result


@dataclass
class Recommendation:
    strategy: SupportMeasure
    share: Share
    evidence: StrategyEvidence


def recommend(case: SupportCase, strategies, evidence: dict[int, StrategyEvidence]) -> list:
    """The strategies that suit the case, best local evidence first.

    Ranked by: enough cases (n ≥ 5) for the case's type or cause; then the share that
    worked; then n; then the library's order. Prefetch the strategies' ``subjects``.
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
            -r.share.n,
            r.strategy.order,
            r.strategy.name,
        )
    )
    return picks
