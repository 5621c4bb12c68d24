"""Writes: setting homework (held to the load limit), copying it, marking, reviewing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from school.models import SchoolClass, User
from students.models import Student

from .load import DayLoad, day_load
from .models import (
    Assignment,
    HomeworkReview,
    LoadOverride,
    MarkingRecord,
    PersonalisedItem,
    StudentTier,
    Tier,
)


class OverLimitError(Exception):
    """The save would put the class average over the day's limit and gave no reason."""

    def __init__(self, load: DayLoad):
        super().__init__(
            _("The class average would be %(avg)s minutes, over the limit of %(limit)d.")
            % {"avg": load.average, "limit": load.limit}
        )
        self.load = load


@dataclass
class TierData:
    level: str
    content: str
    minutes: int


def _hold_the_limit(*, assignment: Assignment, reason: str, user: User) -> DayLoad:
    """Called inside the saving transaction: raises (so rolls back) when over without a reason."""
    load = day_load(assignment.school_class, assignment.date)
    if assignment.counts_toward_load and load.over:
        reason = (reason or "").strip()
        if not reason:
            raise OverLimitError(load)
        override = LoadOverride(
            assignment=assignment,
            school_class=assignment.school_class,
            date=assignment.date,
            reason=reason,
            average_minutes=load.average,
            limit_minutes=load.limit,
            students_over=len(load.students_over),
            recorded_by=user,
        )
        override.full_clean()
        override.save()
    return load


@transaction.atomic
def save_assignment(
    *,
    assignment: Assignment,
    tiers: list[TierData],
    user: User,
    over_limit_reason: str = "",
) -> Assignment:
    """Create or update an assignment and its tiers; held to the class's daily limit."""
    if assignment.pk is None:
        assignment.set_by = user
    assignment.full_clean()
    assignment.save()
    kept = []
    for data in tiers:
        tier, _created = Tier.objects.get_or_create(
            assignment=assignment,
            level=data.level,
            defaults={"content": data.content, "minutes": data.minutes},
        )
        tier.content, tier.minutes = data.content, data.minutes
        tier.full_clean()
        tier.save()
        kept.append(data.level)
    assignment.tiers.exclude(level__in=kept).delete()
    _hold_the_limit(assignment=assignment, reason=over_limit_reason, user=user)
    return assignment


@transaction.atomic
def set_student_tiers(
    *,
    assignment: Assignment,
    choices: dict[int, str],
    personalised: dict[int, tuple[str, int]],
    user: User,
    over_limit_reason: str = "",
) -> None:
    """Who takes which tier: ``choices`` {student id: level or ""}, ``personalised``
    {student id: (content, minutes)}; students left out go back to the class's tier."""
    StudentTier.objects.filter(assignment=assignment).delete()
    PersonalisedItem.objects.filter(assignment=assignment).delete()
    for student_id, level in choices.items():
        if level:
            row = StudentTier(assignment=assignment, student_id=student_id, level=level)
            row.full_clean(validate_unique=False)
            row.save()
    for student_id, (content, minutes) in personalised.items():
        row = PersonalisedItem(
            assignment=assignment, student_id=student_id, content=content, minutes=minutes
        )
        row.full_clean(validate_unique=False)
        row.save()
    _hold_the_limit(assignment=assignment, reason=over_limit_reason, user=user)


@dataclass
class CopyResult:
    copied: list[SchoolClass]
    over_limit: list[SchoolClass]


def copy_to_classes(
    *, assignment: Assignment, classes: list[SchoolClass], user: User
) -> CopyResult:
    """Copy an assignment (with its tiers, not the per-student choices) to other classes.

    A class the copy would put over its limit is left out: its homework is set
    on its own page, with a reason.
    """
    result = CopyResult(copied=[], over_limit=[])
    tiers = [TierData(t.level, t.content, t.minutes) for t in assignment.tiers.all()]
    for school_class in classes:
        copy = Assignment(
            term=assignment.term,
            school_class=school_class,
            subject=assignment.subject,
            date=assignment.date,
            title=assignment.title,
            unit=assignment.unit,
            phase=assignment.phase,
            kind=assignment.kind,
            default_level=assignment.default_level,
        )
        try:
            save_assignment(assignment=copy, tiers=tiers, user=user)
        except OverLimitError:
            result.over_limit.append(school_class)
        else:
            result.copied.append(school_class)
    return result


@dataclass
class MarkingData:
    student: Student
    submitted: bool
    on_time: bool
    quality: str
    mistakes: str
    face_to_face: bool
    comment: str


@transaction.atomic
def record_markings(
    *, assignment: Assignment, rows: list[MarkingData], user: User
) -> list[MarkingRecord]:
    """Create or update the marking records of several students at once."""
    existing = {m.student_id: m for m in assignment.markings.all()}
    saved = []
    for row in rows:
        record = existing.get(row.student.pk) or MarkingRecord(
            assignment=assignment, student=row.student
        )
        record.submitted = row.submitted
        record.on_time = row.on_time if row.submitted else False
        record.quality = row.quality if row.submitted else ""
        record.mistakes = row.mistakes
        record.face_to_face = row.face_to_face
        record.comment = row.comment
        record.marked_by = user
        record.full_clean()
        record.save()
        saved.append(record)
    return saved


@transaction.atomic
def record_review(*, review: HomeworkReview) -> HomeworkReview:
    review.full_clean()
    review.save()
    return review


def week_of(day: datetime.date) -> list[datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return [monday + datetime.timedelta(days=i) for i in range(7)]
