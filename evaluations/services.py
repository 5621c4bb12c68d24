"""Writes: evaluations and their grid, gaps, dismissed warnings, the warning rule."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.fields import parse_score
from core.history import seed_creation_entries
from core.locking import check_version
from school import dates
from school.models import today
from students.models import Student

from .models import (
    Evaluation,
    EvaluationResult,
    EvaluationSettings,
    Gap,
    Level,
    WarningDismissal,
)

GAP_DUE_DAYS = 14


# ---- evaluations ----------------------------------------------------------------------


@transaction.atomic
def save_evaluation(*, evaluation: Evaluation, user=None) -> Evaluation:
    if evaluation.pk is None:
        evaluation.created_by = user
    dates.check_in_term(evaluation.date, evaluation.term)
    if evaluation.scale == Evaluation.Scale.LEVEL:
        evaluation.full_marks = None
        evaluation.pass_line = None
    evaluation.full_clean()
    evaluation.save()
    if evaluation.results.exists():
        _recompute_attainment(evaluation)
    return evaluation


def _recompute_attainment(evaluation: Evaluation) -> None:
    results = list(evaluation.results.all())
    for r in results:
        r.goal_attained = evaluation.attained(score=r.score, level=r.level)
    EvaluationResult.objects.bulk_update(results, ["goal_attained"])


@dataclass
class GridRow:
    """One student's line of the score grid, as typed."""

    student: Student
    score_text: str = ""
    level: str = ""
    gaps_text: str = ""
    error: str = ""
    score: Decimal | None = None
    gap_points: list[str] = field(default_factory=list)
    # Shown beside the row: the saved result's attainment, a struggling student, a pasted value.
    attained: bool | None = None
    struggling: bool = False
    pasted: bool = False


def split_points(text: str) -> list[str]:
    """Knowledge points typed in one cell, separated by commas, semicolons or 、."""
    for sep in "，,；;、\n":
        text = text.replace(sep, ",")
    seen: list[str] = []
    for part in text.split(","):
        part = part.strip()[:120]
        if part and part not in seen:
            seen.append(part)
    return seen


def check_grid(*, evaluation: Evaluation, rows: list[GridRow]) -> bool:
    """Parse and check every row; set ``error`` on bad ones. True when all are good."""
    ok = True
    for row in rows:
        row.error = ""
        row.score = None
        row.gap_points = split_points(row.gaps_text)
        text = row.score_text.strip()
        if "\x00" in row.gaps_text or "\x00" in row.level:
            row.error = _("Null characters are not allowed.")
        elif evaluation.is_scored:
            column = EvaluationResult._meta.get_field("score")
            try:
                row.score = parse_score(
                    text,
                    max_value=None,
                    min_value=None,
                    max_digits=column.max_digits,
                    decimal_places=column.decimal_places,
                )
            except ValidationError as error:
                row.error = " ".join(error.messages)
            else:
                full = evaluation.full_marks
                if row.score is not None and (
                    row.score < 0 or (full is not None and row.score > full)
                ):
                    row.score = None
                    row.error = _("The score must be between 0 and %(full)s.") % {
                        "full": str(evaluation.full_marks).removesuffix(".0")
                    }
        else:
            row.level = (row.level or text).strip().upper()
            if row.level and row.level not in Level.values:
                row.error = _("The level must be one of A, B, C, D.")
        if row.gap_points and not (row.score is not None or row.level):
            row.error = row.error or _("Gaps need a score or a level for the student.")
        ok = ok and not row.error
    return ok


@transaction.atomic
def save_grid(
    *,
    evaluation: Evaluation,
    rows: list[GridRow],
    version: int | None = None,
    user=None,
) -> int:
    """Save the whole class's results at once; nothing is saved if any row is wrong.

    An empty row removes that student's result. Returns the number of results kept.
    ``version`` is the grid version the page was opened with: a save over a newer grid
    is refused, naming who saved it.
    """
    if not check_grid(evaluation=evaluation, rows=rows):
        raise ValidationError(_("Some rows have errors; nothing was saved."))
    check_version(evaluation, version, field="grid_version", saved_by_field="grid_saved_by")
    evaluation.grid_saved_by = user
    evaluation.save(update_fields=["grid_version", "grid_saved_by"])
    existing = {r.student_id: r for r in evaluation.results.prefetch_related("gaps")}
    to_create, to_update, to_delete = [], [], []
    for row in rows:
        result = existing.get(row.student.pk)
        has_value = row.score is not None or bool(row.level)
        if not has_value:
            if result:
                to_delete.append(result.pk)
            continue
        level = "" if evaluation.is_scored else row.level
        attained = evaluation.attained(score=row.score, level=level)
        if result is None:
            result = EvaluationResult(
                evaluation=evaluation, student=row.student, score=row.score, level=level
            )
            result.goal_attained = attained
            to_create.append((result, row.gap_points))
        else:
            result.score, result.level, result.goal_attained = row.score, level, attained
            to_update.append((result, row.gap_points))
    EvaluationResult.objects.filter(pk__in=to_delete).delete()
    EvaluationResult.objects.bulk_create([r for r, _p in to_create])
    EvaluationResult.objects.bulk_update(
        [r for r, _p in to_update], ["score", "level", "goal_attained"]
    )
    # Two weeks after the evaluation, but within its term.
    due = max(
        evaluation.date,
        min(evaluation.date + datetime.timedelta(days=GAP_DUE_DAYS), evaluation.term.end),
    )
    new_gaps = []
    remove_q = Q(pk__in=[])
    pairs: list[tuple[EvaluationResult, list[str], set[str]]]
    pairs = [(r, p, set()) for r, p in to_create]
    pairs += [(r, p, {g.knowledge_point for g in r.gaps.all()}) for r, p in to_update]
    for result, points, have in pairs:
        new_gaps += [
            Gap(result=result, knowledge_point=p, due=due) for p in points if p not in have
        ]
        gone = have - set(points)
        if gone:
            remove_q |= Q(result=result, knowledge_point__in=gone)
    Gap.objects.filter(remove_q).delete()
    Gap.objects.bulk_create(new_gaps)
    return len(to_create) + len(to_update)


@transaction.atomic
def update_gap(*, gap: Gap, remediation: str, due: datetime.date, done: bool) -> Gap:
    evaluation = gap.result.evaluation
    dates.check_gap_due(due, evaluation.date, evaluation.term, field="due")
    gap.remediation = remediation
    gap.due = due
    if done and not gap.done:
        gap.done_on = today()
    if not done:
        gap.done_on = None
    gap.done = done
    gap.full_clean()
    gap.save()
    return gap


@transaction.atomic
def dismiss_warning(*, student, subject, evaluation: Evaluation, reason: str, user):
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for dismissing the suggestion."))
    dismissal = WarningDismissal(
        student=student, subject=subject, evaluation=evaluation, reason=reason, dismissed_by=user
    )
    dismissal.full_clean()
    dismissal.save()
    return dismissal


@transaction.atomic
def save_settings(*, settings: EvaluationSettings) -> EvaluationSettings:
    settings.pk = 1
    settings.full_clean()
    # The row the migration made has no history yet: keep its values as the first version,
    # so the 修改记录 reads "before → after".
    seed_creation_entries([EvaluationSettings])
    settings.save()
    return settings
