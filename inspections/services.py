"""Writes: the checklist, the scoring scale, inspection rounds, inspections, the review."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import seed_creation_entries
from core.locking import check_version
from core.text import join_list
from school import dates
from school.models import TeachingAssignment

from .models import (
    ChecklistItem,
    InspectionResult,
    InspectionRound,
    InspectionSettings,
    ItemScore,
    RoundAssignment,
    RoundItem,
    ScoreThreshold,
    SelfCheckScore,
)
from .scoring import DEFAULTS, thresholds

# ---- the school's checklist and scale ------------------------------------------------------


@transaction.atomic
def save_settings(*, settings: InspectionSettings) -> InspectionSettings:
    settings.pk = 1
    settings.full_clean()
    # The row the migration made has no history yet: keep its values as the first version,
    # so the 修改记录 reads "before → after".
    seed_creation_entries([InspectionSettings])
    settings.save()
    return settings


@transaction.atomic
def save_checklist_item(*, item: ChecklistItem) -> ChecklistItem:
    item.full_clean()
    seed_creation_entries([ChecklistItem])  # the default items came without history
    item.save()
    return item


# ---- inspection rounds -------------------------------------------------------------------


def subject_teachers(*, term, subject) -> list[int]:
    """The teachers a round inspects by default: all who teach the subject this term."""
    qs = TeachingAssignment.objects.filter(term=term)
    if subject is not None:
        qs = qs.filter(subject=subject)
    return list(qs.values_list("teacher_id", flat=True).distinct())


def _check_open(inspection_round: InspectionRound) -> None:
    if inspection_round.is_finalized:
        raise ValidationError(_("This round is finalized and can no longer be changed."))


def _assign(inspection_round: InspectionRound, assignments: dict[int, list[int]] | None) -> None:
    """Set who inspects whom: ``assignments`` maps a teacher id to inspector ids.

    Teachers missing from ``assignments`` (or all, when None) keep their inspectors, or
    get the whole group when they have none. Only group members inspect, nobody themselves.
    """
    group = set(inspection_round.inspectors.values_list("pk", flat=True))
    teachers = list(inspection_round.teachers.all())
    current: dict[int, set[int]] = {}
    for teacher_id, inspector_id in inspection_round.assignments.values_list(
        "teacher_id", "inspector_id"
    ):
        current.setdefault(teacher_id, set()).add(inspector_id)
    wanted: dict[int, set[int]] = {}
    nobody = []
    for t in teachers:
        if assignments is not None and t.pk in assignments:
            chosen = set(assignments[t.pk])
        else:
            chosen = current.get(t.pk, set()) & group or group
        chosen = (chosen & group) - {t.pk}
        if not chosen:
            nobody.append(str(t))
        wanted[t.pk] = chosen
    if nobody:
        raise ValidationError(
            _("Choose at least one inspector, other than the teacher, for: %(names)s.")
            % {"names": join_list(nobody[:10])}
        )
    inspection_round.assignments.exclude(teacher_id__in=wanted).delete()
    for teacher_id, chosen in wanted.items():
        inspection_round.assignments.filter(teacher_id=teacher_id).exclude(
            inspector_id__in=chosen
        ).delete()
        missing = chosen - current.get(teacher_id, set())
        RoundAssignment.objects.bulk_create(
            RoundAssignment(round=inspection_round, teacher_id=teacher_id, inspector_id=i)
            for i in sorted(missing)
        )


@transaction.atomic
def create_round(
    *,
    term,
    kind: str,
    subject,
    due: datetime.date,
    inspectors,
    teachers,
    user,
    assignments: dict[int, list[int]] | None = None,
    two_stage: bool = False,
) -> InspectionRound:
    """Create a round; the school's checklist and scoring scale are copied into it.

    A two-stage round begins with the subject group's self-check (``start_recheck``)."""
    inspection_round = InspectionRound(
        term=term,
        kind=kind,
        subject=subject,
        due=due,
        created_by=user,
        max_score=InspectionSettings.load().max_score,
        two_stage=two_stage,
        stage=InspectionRound.Stage.SELF_CHECK if two_stage else InspectionRound.Stage.RECHECK,
    )
    dates.check_in_term(due, term, field="due", not_after_today=False)
    inspection_round.full_clean()
    inspection_round.save()
    teacher_ids = [t.pk for t in teachers] or subject_teachers(term=term, subject=subject)
    inspection_round.inspectors.set(inspectors)
    inspection_round.teachers.set(teacher_ids)
    _assign(inspection_round, assignments)
    items = list(ChecklistItem.objects.for_subject(subject))
    if not items:
        raise ValidationError(_("The school's checklist has no items in use."))
    RoundItem.objects.bulk_create(
        RoundItem(
            round=inspection_round,
            area=i.area,
            name=i.name,
            description=i.description,
            weight=i.weight,
            order=i.order,
        )
        for i in items
    )
    return inspection_round


@transaction.atomic
def update_round(
    *,
    inspection_round: InspectionRound,
    due,
    inspectors,
    teachers,
    assignments: dict[int, list[int]] | None = None,
) -> None:
    """Change the due date, the group, the teachers and who inspects whom.

    Results already saved stay, even when their inspector is no longer assigned.
    """
    inspection_round = InspectionRound.objects.select_for_update().get(pk=inspection_round.pk)
    _check_open(inspection_round)
    dates.check_in_term(due, inspection_round.term, field="due", not_after_today=False)
    inspection_round.due = due
    inspection_round.full_clean()
    inspection_round.save()
    inspection_round.inspectors.set(inspectors)
    if teachers:
        inspection_round.teachers.set(teachers)
    _assign(inspection_round, assignments)


@transaction.atomic
def save_inspection(
    *,
    inspection_round: InspectionRound,
    teacher,
    inspector,
    scores: dict[int, tuple[Decimal, str]],
    problems: str = "",
    follow_up: str = "",
    version: int | None = None,
    suggested: dict[int, Decimal | None] | None = None,
    notes: dict[int, str] | None = None,
) -> InspectionResult:
    """Record an inspector's own scores for one teacher: every item, 0 to the round's scale.

    ``suggested`` is the score Bangfu suggested per item (``inspections.scoring``): a score
    that differs from it needs a reason in the item's comment. ``notes`` are the evidence
    figures the inspector saw, kept with the score.

    ``version`` is the version of this inspector's result the form was opened with (0 for
    none yet): a save over a newer one is refused (``core.locking.check_version``).
    """
    inspection_round = InspectionRound.objects.select_for_update().get(pk=inspection_round.pk)
    _check_open(inspection_round)
    if not inspection_round.teachers.filter(pk=teacher.pk).exists():
        raise ValidationError(_("This teacher is not inspected in this round."))
    if inspector.pk == teacher.pk:
        raise ValidationError(_("Inspectors do not inspect themselves."))
    if not inspection_round.assignments.filter(teacher=teacher, inspector=inspector).exists():
        raise ValidationError(_("You are not assigned to inspect this teacher."))
    items = list(inspection_round.items.all())
    missing = [i.name for i in items if i.pk not in scores]
    if missing:
        raise ValidationError(_("Score every item: %(items)s.") % {"items": join_list(missing)})
    for item in items:
        score = scores[item.pk][0]
        if score < 0 or score > inspection_round.max_score:
            raise ValidationError(
                _("Scores go from 0 to %(max)d.") % {"max": inspection_round.max_score}
            )
    suggested, notes = suggested or {}, notes or {}
    unexplained = [
        i.name
        for i in items
        if suggested.get(i.pk) is not None
        and scores[i.pk][0] != suggested[i.pk]
        and not scores[i.pk][1].strip()
    ]
    if unexplained:
        raise ValidationError(
            _("Give the reason for changing the suggested score: %(items)s.")
            % {"items": join_list(unexplained)}
        )
    total_weight = sum(i.weight for i in items)
    total = Decimal(0) + sum(
        Decimal(scores[i.pk][0]) / inspection_round.max_score * i.weight for i in items
    )
    percent = (total / total_weight * 100).quantize(Decimal("0.1"))
    result = InspectionResult.objects.filter(
        round=inspection_round, teacher=teacher, inspector=inspector
    ).first() or InspectionResult(round=inspection_round, teacher=teacher, inspector=inspector)
    check_version(result, version)
    result.problems, result.follow_up = problems.strip(), follow_up.strip()
    result.total_percent = percent
    result.full_clean()
    result.save()
    for item in items:
        score, comment = scores[item.pk]
        obj = ItemScore.objects.filter(result=result, item=item).first() or ItemScore(
            result=result, item=item
        )
        obj.score, obj.comment = score, comment.strip()[:300]
        obj.suggested = suggested.get(item.pk)
        obj.evidence_note = notes.get(item.pk, "")
        obj.full_clean()
        obj.save()
    return result


@transaction.atomic
def finalize_round(*, inspection_round: InspectionRound, user, review_note: str = "") -> None:
    """The director's review: every teacher inspected, then the round is read-only."""
    inspection_round = InspectionRound.objects.select_for_update().get(pk=inspection_round.pk)
    _check_open(inspection_round)
    if inspection_round.stage == InspectionRound.Stage.SELF_CHECK:
        raise ValidationError(_("Start the office's re-check before finalizing the round."))
    waiting = sorted(
        {str(a.teacher) for a in outstanding(inspection_round)}
        | {str(t) for t in inspection_round.teachers.exclude(pk__in=_inspected(inspection_round))}
    )
    if waiting:
        raise ValidationError(
            _("Not yet inspected by every assigned inspector: %(names)s.")
            % {"names": "、".join(waiting[:10])}
        )
    inspection_round.status = InspectionRound.Status.FINALIZED
    inspection_round.finalized_by = user
    inspection_round.finalized_at = timezone.now()
    inspection_round.review_note = review_note.strip()
    inspection_round.full_clean()
    inspection_round.save()


def _inspected(inspection_round: InspectionRound):
    return inspection_round.results.values("teacher_id")


def outstanding(inspection_round: InspectionRound) -> list[RoundAssignment]:
    """Assignments whose inspector has not yet saved a result (with teacher and inspector)."""
    done = set(inspection_round.results.values_list("teacher_id", "inspector_id"))
    return [
        a
        for a in inspection_round.assignments.select_related("teacher", "inspector")
        if (a.teacher_id, a.inspector_id) not in done
    ]


@transaction.atomic
def save_thresholds(*, values: dict[str, tuple[Decimal, Decimal]], user) -> int:
    """Save the school's suggested-score thresholds (key → (full at, no score at)).

    Only figures whose values changed get a new version; returns how many changed.
    Every change is kept in the history with who made it.
    """
    current = thresholds()
    changed = 0
    errors = {}
    for key, (full_at, zero_at) in values.items():
        if key not in DEFAULTS:
            continue
        now = current[key]
        if (now.full_at, now.zero_at) == (full_at, zero_at):
            continue
        row = now.saved or ScoreThreshold(key=key)
        row.full_at, row.zero_at, row.changed_by = full_at, zero_at, user
        try:
            row.full_clean()
        except ValidationError as error:
            errors[key] = error.messages
            continue
        row.save()
        changed += 1
    if errors:
        raise ValidationError(
            {f"full_{key}": ValidationError(" ".join(messages)) for key, messages in errors.items()}
        )
    return changed


@transaction.atomic
def start_recheck(*, inspection_round: InspectionRound, user) -> int:
    """End the subject group's self-check: its results are kept as ``SelfCheckScore`` rows
    and the office's inspectors score afresh. Returns how many results were kept."""
    inspection_round = InspectionRound.objects.select_for_update().get(pk=inspection_round.pk)
    _check_open(inspection_round)
    if inspection_round.stage != InspectionRound.Stage.SELF_CHECK:
        raise ValidationError(_("This round is not in its self-check."))
    waiting = sorted({str(a.teacher) for a in outstanding(inspection_round)})
    if waiting:
        raise ValidationError(
            _("The self-check is not finished for: %(names)s.") % {"names": "、".join(waiting[:10])}
        )
    results = list(
        inspection_round.results.prefetch_related("scores__item").select_related("inspector")
    )
    SelfCheckScore.objects.bulk_create(
        SelfCheckScore(
            round=inspection_round,
            teacher_id=r.teacher_id,
            inspector=r.inspector,
            total_percent=r.total_percent,
            scores={s.item.name: [str(s.score), s.comment] for s in r.scores.all()},
            problems=r.problems,
        )
        for r in results
    )
    inspection_round.results.all().delete()
    inspection_round.stage = InspectionRound.Stage.RECHECK
    inspection_round.full_clean()
    inspection_round.save()
    return len(results)
