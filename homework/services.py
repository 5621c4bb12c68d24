"""Writes: setting homework (held to the policy and the load limit), copying, withdrawing,
marking, reviewing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from school import dates
from school.models import SchoolClass, Term, User, today
from students.models import Student

from .load import DayLoad, day_load
from .models import (
    Assignment,
    HomeworkReview,
    LoadOverride,
    MarkingRecord,
    NoticeLink,
    OverLimitResponse,
    PersonalisedItem,
    SchoolWeek,
    StudentTier,
    Tier,
)
from .schooldays import non_school_days


class OverLimitError(Exception):
    """The save would put the class average over the day's limit and gave no reason."""

    def __init__(self, load: DayLoad):
        if load.average > load.limit or not load.subjects_over:
            message = _(
                "The class average would be %(avg)s minutes, over the limit of %(limit)d."
            ) % {"avg": load.average, "limit": load.limit}
        else:
            s = load.subjects_over[0]
            message = _("%(subject)s would average %(avg)s minutes, over its cap of %(cap)d.") % {
                "subject": s.subject,
                "avg": s.average,
                "cap": s.cap,
            }
        super().__init__(message)
        self.load = load


LOWER_PRIMARY_BAN = gettext_lazy(
    "Grades 1–2 get no written homework to take home: the Ministry of Education's 2021 "
    "notice bans it, and no reason can override the ban. Set it as in-class, reading, "
    "practical or green homework."
)


def check_policy(assignment: Assignment) -> None:
    """The rules no reason overrides: raises ``ValidationError`` keyed by the field to change.

    Grades 1–2 get no written homework to take home, whatever the minutes; and
    written homework to take home is set for a school day (it counts toward that
    day's load), not for a weekend or holiday.
    """
    if not assignment.is_written_take_home:
        return
    if assignment.school_class.grade.level <= 2:
        raise ValidationError({"kind": LOWER_PRIMARY_BAN}, code="lower_primary_ban")
    closed = non_school_days([assignment.date])
    if assignment.date in closed:
        raise ValidationError(
            {
                "date": _(
                    "%(date)s is not a school day (%(why)s). Written homework to take home "
                    "is set on a school day and counts toward that day's limit."
                )
                % {"date": assignment.date.isoformat(), "why": closed[assignment.date]}
            },
            code="non_school_day",
        )


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
    """Create or update an assignment and its tiers; held to the policy and the daily limit."""
    if assignment.pk is None:
        assignment.set_by = user
    # Homework may be set ahead: within its term, a future date allowed.
    dates.check_in_term(assignment.date, assignment.term, not_after_today=False)
    assignment.full_clean()
    check_policy(assignment)
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
        item = PersonalisedItem(
            assignment=assignment, student_id=student_id, content=content, minutes=minutes
        )
        item.full_clean(validate_unique=False)
        item.save()
    _hold_the_limit(assignment=assignment, reason=over_limit_reason, user=user)


@transaction.atomic
def withdraw_assignment(*, assignment: Assignment, user: User) -> Assignment:
    """Withdraw homework: it leaves the lists and the load; its override reasons and
    marking records stay, as the inspection's evidence."""
    if assignment.withdrawn_at is None:
        assignment.withdrawn_at = timezone.now()
        assignment.withdrawn_by = user
        assignment.full_clean()
        assignment.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    return assignment


@transaction.atomic
def restore_assignment(*, assignment: Assignment, user: User) -> Assignment:
    """Undo a withdrawal, held to the same rules as saving.

    Over the limit it needs a reason: one recorded before the withdrawal still stands.
    """
    if assignment.withdrawn_at is None:
        return assignment
    assignment.withdrawn_at = None
    assignment.withdrawn_by = None
    assignment.full_clean()
    check_policy(assignment)
    assignment.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    load = day_load(assignment.school_class, assignment.date)
    if assignment.counts_toward_load and load.over and not assignment.overrides.exists():
        raise OverLimitError(load)
    return assignment


@dataclass
class CopyResult:
    copied: list[SchoolClass]
    over_limit: list[SchoolClass]
    refused: list[SchoolClass]


def copy_to_classes(
    *, assignment: Assignment, classes: list[SchoolClass], user: User
) -> CopyResult:
    """Copy an assignment (with its tiers, not the per-student choices) to other classes.

    A class the copy would put over its limit is left out: its homework is set
    on its own page, with a reason.
    """
    result = CopyResult(copied=[], over_limit=[], refused=[])
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
        except ValidationError:
            result.refused.append(school_class)
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
    corrected: bool = False


@transaction.atomic
def record_markings(
    *, assignment: Assignment, rows: list[MarkingData], user: User
) -> list[MarkingRecord]:
    """Create or update the marking records of several students at once.

    A marking record is dated by its homework: that date lies within the term and not
    after today (homework set for next week is not marked yet).
    """
    try:
        dates.check_in_term(assignment.date, assignment.term)
    except ValidationError as error:
        raise ValidationError(
            _("Homework dated %(date)s: %(message)s")
            % {"date": assignment.date.isoformat(), "message": error.message_dict["date"][0]}
        ) from error
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
        record.corrected = bool(row.corrected)
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


# ---- the grade leader on an over-limit day; the parents' notice link -----------------------


@transaction.atomic
def respond_to_over_limit(
    *, school_class, date: datetime.date, action: str, note: str, user: User
) -> OverLimitResponse:
    """Acknowledge a class's over-limit day, or ask its teachers to cut (with a note that
    reaches their dashboard). Answering again replaces the answer; the history keeps both."""
    dates.check_in_term(date, Term.objects.current())
    load = day_load(school_class, date)
    if not load.over:
        raise ValidationError(_("This day is within the limit: there is nothing to answer."))
    response = OverLimitResponse.objects.filter(
        school_class=school_class, date=date
    ).first() or OverLimitResponse(school_class=school_class, date=date)
    response.action, response.note, response.responded_by = action, note.strip(), user
    response.full_clean()
    response.save()
    return response


@transaction.atomic
def notice_link(*, school_class, date: datetime.date, user: User) -> NoticeLink:
    """The day's link for the parents: the one still working, or a new one."""
    today_ = today()
    link = NoticeLink.objects.filter(
        school_class=school_class, date=date, expires_on__gte=today_
    ).first()
    if link is not None:
        return link
    days = SchoolWeek.current().notice_link_days
    link = NoticeLink(
        school_class=school_class,
        date=date,
        created_by=user,
        expires_on=today_ + datetime.timedelta(days=days),
    )
    link.full_clean()
    link.save()
    return link
