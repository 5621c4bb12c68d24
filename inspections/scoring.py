"""Suggested scores: each evidence figure against the school's thresholds.

A figure at or beyond ``full_at`` earns the item's full score, one at or beyond ``zero_at``
earns none, and one between them a share in proportion. An item's suggestion is the mean of
its figures' shares times the round's scale, rounded to half a point. Figures with no
threshold (or no denominator yet) do not count; an item without any gets no suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.plugins import Evidence

from .models import ScoreThreshold


@dataclass(frozen=True)
class Default:
    label: Promise
    full_at: Decimal
    zero_at: Decimal
    percent: bool = False


D = Decimal
DEFAULTS: dict[str, Default] = {
    "lessons.prepared": Default(_("Lessons prepared"), D(10), D(0)),
    "lessons.reflections": Default(_("Post-lesson reflections written"), D(8), D(0)),
    "homework.tiered_share": Default(
        _("After-class written assignments with tiers"), D(80), D(20), percent=True
    ),
    "homework.personalised": Default(_("Personalised items for struggling students"), D(5), D(0)),
    "homework.green_practical": Default(_("Green and practical homework"), D(2), D(0)),
    "homework.over_limit_days": Default(_("Over-limit days (with their reasons)"), D(0), D(5)),
    "homework.collected": Default(
        _("Collected: submissions ÷ assignments × students"), D(95), D(60), percent=True
    ),
    "homework.marked": Default(_("Marked: marked ÷ submitted"), D(95), D(60), percent=True),
    "homework.commented": Default(
        _("Personalised comments on struggling students' work"), D(80), D(20), percent=True
    ),
    "homework.corrected": Default(_("Mistakes corrected and checked"), D(90), D(40), percent=True),
    "homework.face_to_face": Default(_("Face-to-face markings"), D(20), D(0), percent=True),
    "homework.mistakes": Default(_("Mistakes recorded"), D(10), D(0)),
    "archives.plan_share": Default(_("Cases with a support plan"), D(100), D(50), percent=True),
    "archives.entries_per_fortnight": Default(
        _("Archive entries per case per fortnight"), D(2), D(0)
    ),
    "archives.stale": Default(_("Stale archives"), D(0), D(3)),
    "archives.goal_outcomes": Default(
        _("Staged goals with an outcome"), D(80), D(20), percent=True
    ),
    "family.reached": Default(
        _("Struggling students whose family was contacted"), D(100), D(50), percent=True
    ),
    "family.overdue": Default(_("Struggling students overdue for a home visit"), D(0), D(3)),
}


@dataclass
class Threshold:
    key: str
    label: str
    full_at: Decimal
    zero_at: Decimal
    percent: bool
    saved: ScoreThreshold | None = None

    def share(self, measure: float) -> Decimal:
        """0–1: how far ``measure`` goes from ``zero_at`` toward ``full_at``."""
        value = Decimal(str(measure))
        share = (value - self.zero_at) / (self.full_at - self.zero_at)
        return min(Decimal(1), max(Decimal(0), share))

    @property
    def describe(self) -> str:
        unit = "%" if self.percent else ""
        sign = "≥" if self.full_at > self.zero_at else "≤"
        return f"{sign} {self.full_at.normalize():f}{unit}"


def thresholds() -> dict[str, Threshold]:
    """Every known figure's threshold: the school's own, else the default (one query)."""
    saved = {t.key: t for t in ScoreThreshold.objects.all()}
    out = {}
    for key, default in DEFAULTS.items():
        row = saved.get(key)
        out[key] = Threshold(
            key=key,
            label=str(default.label),
            full_at=row.full_at if row else default.full_at,
            zero_at=row.zero_at if row else default.zero_at,
            percent=default.percent,
            saved=row,
        )
    return out


def suggest(
    evidence: list[Evidence], max_score: int, table: dict[str, Threshold]
) -> Decimal | None:
    """The suggested score of an item from its figures, or None when none has a threshold."""
    shares = []
    seen = set()
    for e in evidence:
        if not e.key or e.key in seen or e.key not in table:
            continue
        measure = e.measure
        if measure is None:
            continue
        seen.add(e.key)
        shares.append(table[e.key].share(measure))
    if not shares:
        return None
    score = sum(shares, Decimal(0)) / len(shares) * max_score
    return (score * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2


def note(evidence: list[Evidence]) -> str:
    """The figures as text, kept with the score (the report shows what the inspector saw)."""
    return "；".join(f"{e.label}: {e.display}" for e in evidence)
