"""Demo: a term of weekly probes on the demo cases' first goal, in five kinds of story.

On track, flat (to trigger 调整), above the line (提高目标), too few points (数据不足),
and flat with a plan that was not delivered (先落实计划). Idempotent.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from school.models import today

from .models import (
    GoalMonitor,
    MonitoringMeasure,
    PlannedDose,
    ProbePoint,
    SupportCase,
    TutoringSession,
)
from .models.cases import refresh_latest_entries

STORIES = ["on_track", "flat", "above", "few", "not_delivered"]
# subject code → (measure, baseline range, gain over the term)
MEASURES = {
    "maths": ("口算（1 分钟正确题数）", (8, 14), 9),
    "chinese": ("听写正确率", (50, 62), 25),
    "english": ("单元测验", (45, 58), 20),
}


def seed(ctx: dict) -> None:
    term = ctx["term"]
    if GoalMonitor.objects.filter(goal__case__term=term).exists():
        return
    rng = ctx["rng"]
    now = min(today(), term.end)
    measures = {m.name: m for m in MonitoringMeasure.objects.all()}
    cases = list(
        SupportCase.objects.filter(term=term, subject__code__in=MEASURES)
        .open()
        .select_related("subject", "identified_by")
        .prefetch_related("goals")
        .order_by("pk")[:40]
    )
    probes, sessions, created = [], [], timezone.now()
    for i, case in enumerate(cases):
        # The last step (master methods before the review) runs to the end-of-term review.
        goal = max(case.goals.all(), key=lambda g: (g.due_on or term.end, g.step), default=None)
        name, (low, high), gain = MEASURES[case.subject.code]
        measure = measures.get(name)
        if goal is None or measure is None:
            continue
        story = STORIES[i % len(STORIES)]
        start = max(case.identified_on, term.start) + datetime.timedelta(days=3)
        weeks = max(((goal.due_on or term.end) - start).days / 7, 1)
        base = rng.randint(low, high)
        GoalMonitor.objects.create(
            goal=goal,
            measure=measure,
            starts_on=start,
            goal_value=Decimal(min(base + gain, int(measure.max_value))),
            updated_by=case.identified_by,
        )
        rate = gain / weeks
        day, n = start, 0
        while day <= now and not (story == "few" and n >= 2):
            if story in ("flat", "not_delivered"):
                value = base + rng.choice([-1, 0, 0, 1])
            elif story == "above":
                value = base + rate * n * 1.8 + rng.choice([1, 2])
            else:
                value = base + rate * n + rng.choice([-1, 0, 1])
            value = max(float(measure.min_value), min(float(measure.max_value), value))
            probes.append(
                ProbePoint(
                    case=case,
                    measure=measure,
                    date=day,
                    value=Decimal(round(value)),
                    author=case.identified_by,
                    created_at=created,
                )
            )
            if story != "not_delivered" and story != "few":
                sessions.append(
                    TutoringSession(
                        case=case,
                        date=day,
                        content="专项练习：" + measure.name,
                        result="",
                        author=case.identified_by,
                        created_at=created,
                    )
                )
            day, n = day + datetime.timedelta(days=7), n + 1
        PlannedDose.objects.create(
            case=case,
            kind=PlannedDose.Kind.TUTORING,
            sessions_per_week=Decimal(1 if story != "not_delivered" else 2),
            minutes_per_session=20,
            since=start,
        )
    ProbePoint.objects.bulk_create(probes, batch_size=1000)
    TutoringSession.objects.bulk_create(sessions, batch_size=1000)
    refresh_latest_entries({p.case_id for p in probes} | {s.case_id for s in sessions})
