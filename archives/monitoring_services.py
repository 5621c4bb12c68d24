"""Writes of progress monitoring: a goal's monitoring, probes (one or a class's), doses."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from school import dates
from school.models import User

from . import dose_targets
from .models import (
    GoalMonitor,
    MonitoringMeasure,
    PlannedDose,
    ProbePoint,
    SupportCase,
    SupportGoal,
)


def check_value(measure: MonitoringMeasure, value: Decimal, *, field: str = "value") -> None:
    if not measure.min_value <= value <= measure.max_value:
        raise ValidationError(
            {
                field: _("%(measure)s is from %(low)s to %(high)s.")
                % {
                    "measure": measure.name,
                    "low": f"{float(measure.min_value):g}",
                    "high": f"{float(measure.max_value):g}",
                }
            }
        )


@transaction.atomic
def save_goal_monitor(
    *,
    goal: SupportGoal,
    by: User,
    measure: MonitoringMeasure,
    starts_on: datetime.date,
    goal_value: Decimal | None,
    weekly_rate: Decimal | None,
    baseline_dates: Iterable[str] = (),
) -> GoalMonitor:
    """Set (or change) how a staged goal is monitored; its history keeps the earlier settings."""
    case = goal.case
    dates.check_in_term(starts_on, case.term, field="starts_on", not_after_today=False)
    if goal_value is not None:
        check_value(measure, goal_value, field="goal_value")
    monitor = GoalMonitor.objects.filter(goal=goal).first() or GoalMonitor(goal=goal)
    if monitor.pk and monitor.measure_id != measure.pk:
        baseline_dates = ()  # the picked points were of the other measure
    monitor.measure = measure
    monitor.starts_on = starts_on
    monitor.goal_value = goal_value
    monitor.weekly_rate = weekly_rate
    monitor.baseline_dates = sorted(set(baseline_dates))
    monitor.updated_by = by
    monitor.full_clean()
    monitor.save()
    return monitor


@transaction.atomic
def record_probes(
    *, by: User, measure: MonitoringMeasure, date: datetime.date, rows: Iterable[dict]
) -> list[ProbePoint]:
    """Probes of one measure on one day, for one or several cases: all or nothing.

    rows: dicts with case, value and note.
    """
    saved = []
    for row in rows:
        case: SupportCase = row["case"]
        dates.check_in_term(date, case.term)
        check_value(measure, row["value"])
        probe = ProbePoint(
            case=case,
            measure=measure,
            date=date,
            value=row["value"],
            note=row.get("note", ""),
            author=by,
        )
        probe.full_clean()
        probe.save()
        saved.append(probe)
    return saved


@transaction.atomic
def save_doses(
    *, case: SupportCase, by: User, rows: dict[str, dict], scope=None
) -> list[PlannedDose]:
    """The case's planned dose per kind of support; a kind without sessions is dropped.

    rows: kind → {sessions_per_week, minutes_per_session, since, and optionally target:
    the provider the dose names, e.g. an after-school group, kept by its app}.
    """
    kept = []
    for kind, row in rows.items():
        existing = PlannedDose.objects.filter(case=case, kind=kind).first()
        if row.get("sessions_per_week") is None:
            if existing is not None:
                existing.delete()
            continue
        since = row.get("since") or case.identified_on
        dates.check_in_term(since, case.term, field=f"{kind}-since", not_after_today=False)
        dose = existing or PlannedDose(case=case, kind=kind)
        dose.sessions_per_week = row["sessions_per_week"]
        dose.minutes_per_session = row.get("minutes_per_session")
        dose.since = since
        dose.full_clean()
        dose.save()
        if "target" in row:
            dose_targets.name_target(dose=dose, value=row["target"] or "", scope=scope, by=by)
        kept.append(dose)
    return kept
