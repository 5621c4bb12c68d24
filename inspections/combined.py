"""A teacher's result in a round: the average of their inspectors' results.

Each inspector scores on their own (one ``InspectionResult`` each); the teacher's
result is the mean of the inspectors' weighted totals and item scores, and the
spread (highest − lowest) shows where the inspectors disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .models import InspectionResult, InspectionRound, RoundItem

Q1 = Decimal("0.1")
# A spread of at least this share of the scale is flagged: the inspectors disagree.
LARGE_SPREAD = Decimal("0.2")


def average(values: Iterable) -> Decimal | None:
    numbers = [Decimal(v) for v in values if v is not None]
    if not numbers:
        return None
    return (sum(numbers, Decimal(0)) / len(numbers)).quantize(Q1)


def spread(values: Iterable) -> Decimal | None:
    numbers = [Decimal(v) for v in values if v is not None]
    if not numbers:
        return None
    return max(numbers) - min(numbers)


@dataclass
class CombinedItem:
    item: RoundItem
    scores: list[Decimal]
    max_score: int

    @property
    def average(self) -> Decimal | None:
        return average(self.scores)

    @property
    def spread(self) -> Decimal | None:
        return spread(self.scores)

    @property
    def disputed(self) -> bool:
        """Inspectors disagree by a fifth of the scale or more."""
        s = self.spread
        return s is not None and len(self.scores) > 1 and s >= LARGE_SPREAD * self.max_score


@dataclass
class CombinedResult:
    """One teacher in one round, over all their inspectors' results."""

    round: InspectionRound
    teacher_id: int
    results: list[InspectionResult] = field(default_factory=list)
    items: list[CombinedItem] = field(default_factory=list)

    @property
    def total(self) -> Decimal | None:
        return average(r.total_percent for r in self.results)

    @property
    def total_spread(self) -> Decimal | None:
        return spread(r.total_percent for r in self.results)

    @property
    def disputed(self) -> bool:
        return any(i.disputed for i in self.items)

    @property
    def inspectors(self) -> list:
        return [r.inspector for r in self.results]

    @property
    def notes(self) -> list[InspectionResult]:
        """The inspectors' results that record problems or follow-ups."""
        return [r for r in self.results if r.problems or r.follow_up]


def combine(
    inspection_round: InspectionRound,
    teacher_id: int,
    results: list[InspectionResult],
    items: list[RoundItem],
) -> CombinedResult:
    """``results`` must have their ``scores`` loaded (prefetch ``scores``)."""
    by_item: dict[int, list[Decimal]] = defaultdict(list)
    for result in results:
        for score in result.scores.all():
            by_item[score.item_id].append(score.score)
    return CombinedResult(
        round=inspection_round,
        teacher_id=teacher_id,
        results=results,
        items=[CombinedItem(i, by_item.get(i.pk, []), inspection_round.max_score) for i in items],
    )


def combine_all(
    results: Iterable[InspectionResult], items: dict[int, list[RoundItem]]
) -> list[CombinedResult]:
    """Group results by (round, teacher), in the order first met; ``items`` by round id.

    The results need ``round``, ``inspector`` and ``scores`` loaded, so this runs no query.
    """
    groups: dict[tuple[int, int], list[InspectionResult]] = defaultdict(list)
    for r in results:
        groups[(r.round_id, r.teacher_id)].append(r)
    return [
        combine(rs[0].round, teacher_id, rs, items.get(round_id, []))
        for (round_id, teacher_id), rs in groups.items()
    ]
