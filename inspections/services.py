"""Writes: the checklist, the scoring scale, inspection rounds, inspections, the review."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from school.models import TeachingAssignment

from .models import (
    ChecklistItem,
    InspectionResult,
    InspectionRound,
    InspectionSettings,
    ItemScore,
    RoundItem,
)

# ---- the school's checklist and scale ------------------------------------------------------


@transaction.atomic
def save_settings(*, settings: InspectionSettings) -> InspectionSettings:
    settings.pk = 1
    settings.full_clean()
    settings.save()
    return settings


@transaction.atomic
def save_checklist_item(*, item: ChecklistItem) -> ChecklistItem:
    item.full_clean()
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


@transaction.atomic
def create_round(
    *, term, kind: str, subject, due: datetime.date, inspectors, teachers, user
) -> InspectionRound:
    """Create a round; the school's checklist and scoring scale are copied into it."""
    inspection_round = InspectionRound(
        term=term,
        kind=kind,
        subject=subject,
        due=due,
        created_by=user,
        max_score=InspectionSettings.load().max_score,
    )
    inspection_round.full_clean()
    inspection_round.save()
    teacher_ids = [t.pk for t in teachers] or subject_teachers(term=term, subject=subject)
    inspection_round.inspectors.set(inspectors)
    inspection_round.teachers.set(teacher_ids)
    items = list(ChecklistItem.objects.filter(is_active=True))
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
def update_round(*, inspection_round: InspectionRound, due, inspectors, teachers) -> None:
    inspection_round = InspectionRound.objects.select_for_update().get(pk=inspection_round.pk)
    _check_open(inspection_round)
    inspection_round.due = due
    inspection_round.full_clean()
    inspection_round.save()
    inspection_round.inspectors.set(inspectors)
    if teachers:
        inspection_round.teachers.set(teachers)


@transaction.atomic
def save_inspection(
    *,
    inspection_round: InspectionRound,
    teacher,
    inspector,
    scores: dict[int, tuple[Decimal, str]],
    problems: str = "",
    follow_up: str = "",
) -> InspectionResult:
    """Record an inspector's scores for one teacher: every item, 0 to the round's scale."""
    inspection_round = InspectionRound.objects.select_for_update().get(pk=inspection_round.pk)
    _check_open(inspection_round)
    if not inspection_round.teachers.filter(pk=teacher.pk).exists():
        raise ValidationError(_("This teacher is not inspected in this round."))
    if inspector.pk == teacher.pk:
        raise ValidationError(_("Inspectors do not inspect themselves."))
    items = list(inspection_round.items.all())
    missing = [i.name for i in items if i.pk not in scores]
    if missing:
        raise ValidationError(_("Score every item: %(items)s.") % {"items": "、".join(missing)})
    for item in items:
        score = scores[item.pk][0]
        if score < 0 or score > inspection_round.max_score:
            raise ValidationError(
                _("Scores go from 0 to %(max)d.") % {"max": inspection_round.max_score}
            )
    total_weight = sum(i.weight for i in items)
    total = Decimal(0) + sum(
        Decimal(scores[i.pk][0]) / inspection_round.max_score * i.weight for i in items
    )
    percent = (total / total_weight * 100).quantize(Decimal("0.1"))
    result, _created = InspectionResult.objects.update_or_create(
        round=inspection_round,
        teacher=teacher,
        defaults={
            "inspector": inspector,
            "problems": problems.strip(),
            "follow_up": follow_up.strip(),
            "total_percent": percent,
        },
    )
    for item in items:
        score, comment = scores[item.pk]
        obj = ItemScore.objects.filter(result=result, item=item).first() or ItemScore(
            result=result, item=item
        )
        obj.score, obj.comment = score, comment.strip()[:300]
        obj.full_clean()
        obj.save()
    return result


@transaction.atomic
def finalize_round(*, inspection_round: InspectionRound, user, review_note: str = "") -> None:
    """The director's review: every teacher inspected, then the round is read-only."""
    inspection_round = InspectionRound.objects.select_for_update().get(pk=inspection_round.pk)
    _check_open(inspection_round)
    done = set(inspection_round.results.values_list("teacher_id", flat=True))
    waiting = inspection_round.teachers.exclude(pk__in=done)
    if waiting.exists():
        raise ValidationError(
            _("Not yet inspected: %(names)s.") % {"names": "、".join(str(t) for t in waiting[:10])}
        )
    inspection_round.status = InspectionRound.Status.FINALIZED
    inspection_round.finalized_by = user
    inspection_round.finalized_at = timezone.now()
    inspection_round.review_note = review_note.strip()
    inspection_round.full_clean()
    inspection_round.save()
