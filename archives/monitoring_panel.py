"""The dashboard's monitoring panel: on / off track by grade and subject, 落实率 by support.

Two SVG bar charts drawn by ``_panel_monitoring.html`` (presentation attributes only).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from core.plugins import Panel

from .models import PlannedDose, SupportCase
from .monitoring import Fidelity, Status
from .monitoring_data import monitoring_for

BAR_X, BAR_W, ROW = 110, 190, 24


@dataclass
class Stack:
    label: str
    y: int
    parts: list[tuple[float, float, str, str]]  # x, width, colour, title
    total: int


@dataclass
class FidelityBar:
    label: str
    y: int
    width: float
    colour: str
    text: str


SEGMENTS = [
    (Status.ON_TRACK, "#0d6efd"),
    (Status.ABOVE, "#198754"),
    (Status.BELOW, "#dc3545"),
    (Status.INSUFFICIENT, "#adb5bd"),
]


def monitoring_panel(scope) -> Panel | None:
    cases = list(SupportCase.objects.visible_to(scope).filter(term=scope.term).open())
    monitored = [cm for cm in monitoring_for(cases).values() if cm.status]
    if not monitored:
        return None
    groups: dict[tuple, Counter] = defaultdict(Counter)
    doses: dict[str, Fidelity] = defaultdict(lambda: Fidelity(0, 0))
    for cm in monitored:
        grade = cm.case.student.school_class.grade
        groups[(grade.level, cm.case.subject.order, f"{grade} {cm.case.subject}")][cm.status] += 1
        for line in cm.doses:
            doses[line.dose.kind] = doses[line.dose.kind] + line.fidelity
    stacks = []
    for i, (key, counts) in enumerate(sorted(groups.items())):
        total = sum(counts.values())
        x, parts = float(BAR_X), []
        for status, colour in SEGMENTS:
            if counts[status]:
                w = BAR_W * counts[status] / total
                parts.append((x, w, colour, f"{_status_name(status)} {counts[status]}"))
                x += w
        stacks.append(Stack(key[2], i * ROW + 4, parts, total))
    labels = dict(PlannedDose.Kind.choices)
    bars = []
    for i, (kind, f) in enumerate(sorted(doses.items())):
        percent = f.percent or 0
        bars.append(
            FidelityBar(
                str(labels.get(kind, kind)),
                i * ROW + 4,
                BAR_W * min(percent, 100) / 100,
                "#198754" if percent >= 80 else "#ffc107",
                f"{percent}% ({f.delivered}/{f.planned})",
            )
        )
    return Panel(
        title=_("Progress monitoring"),
        template="archives/_panel_monitoring.html",
        context={
            "stacks": stacks,
            "stack_height": len(stacks) * ROW + 8,
            "bars": bars,
            "bar_height": len(bars) * ROW + 8,
            "bar_x": BAR_X,
            "legend": [(_status_name(s), c) for s, c in SEGMENTS],
            "url": reverse("archives:caseload"),
        },
        order=12,
        wide=True,
    )


def _status_name(status: str) -> str:
    from .monitoring import status_label

    return status_label(status)
