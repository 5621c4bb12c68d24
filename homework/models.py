"""Tiered homework (分层作业), the daily load limits, marking records and reviews.

The load that the policy limits is *written homework done at home*: written
assignments of the pre-class and after-class phases. In-class work, practical,
reading and green homework are set and published, but do not count.

The national ceilings (教育部 2021) bound what a school may set: grades 1–2 get
no written homework to take home at all (a ban, not a limit a reason
overrides), grades 3–6 at most 60 minutes a day, grades 7–9 at most 90. A
school may set lower limits and per-subject caps, and says which days are
school days (weekends and holidays are controlled too).
"""

from __future__ import annotations

import datetime
import secrets
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import (
    FileExtensionValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from archives.models import WorkPhoto
from school import scope_cache
from school.models import Grade, SchoolClass, Subject, Term, User
from students.models import Student

if TYPE_CHECKING:
    from school.scoping import Scope


class Level(models.TextChoices):
    BASIC = "basic", _("Basic")
    IMPROVING = "improving", _("Improving")
    EXTENSION = "extension", _("Extension")


# The national daily ceilings of written homework to take home, per grade band.
NATIONAL_CEILINGS: dict[str, int] = {
    Grade.Band.LOWER_PRIMARY: 0,
    Grade.Band.UPPER_PRIMARY: 60,
    Grade.Band.JUNIOR: 90,
}
# The largest per-subject cap any grade can have: junior high's whole-day ceiling.
MAX_SUBJECT_CAP = max(NATIONAL_CEILINGS.values())


class LoadLimit(models.Model):
    """The daily written-homework limit of a grade band; administrators edit it."""

    band = models.CharField(_("grade band"), max_length=10, choices=Grade.Band.choices, unique=True)
    minutes = models.PositiveSmallIntegerField(
        _("daily limit (minutes)"),
        help_text=_("The class's average written homework to take home, across all subjects."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("homework load limit")
        verbose_name_plural = _("homework load limits")
        ordering = ["band"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(band=Grade.Band.LOWER_PRIMARY, minutes=0)
                    | Q(band=Grade.Band.UPPER_PRIMARY, minutes__lte=60)
                    | Q(band=Grade.Band.JUNIOR, minutes__lte=90)
                ),
                name="load_limit_within_national_ceiling",
                violation_error_message=_(
                    "A daily limit may not exceed the national ceiling: no written homework "
                    "to take home in grades 1–2, 60 minutes in grades 3–6, 90 in grades 7–9."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_band_display()}: {self.minutes}"

    @property
    def ceiling(self) -> int:
        return NATIONAL_CEILINGS[self.band]


class SubjectCap(models.Model):
    """A school's own daily cap on one subject's written homework in one grade."""

    grade = models.ForeignKey(
        Grade, on_delete=models.CASCADE, related_name="homework_caps", verbose_name=_("grade")
    )
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, verbose_name=_("subject"))
    minutes = models.PositiveSmallIntegerField(
        _("daily cap (minutes)"),
        help_text=_("The class's average written homework to take home in this subject."),
    )

    class Meta:
        verbose_name = _("subject's daily cap")
        verbose_name_plural = _("subjects' daily caps")
        ordering = ["grade__level", "subject__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["grade", "subject"],
                name="one_cap_per_grade_subject",
                violation_error_message=_("This grade already has a cap for this subject."),
            ),
            models.CheckConstraint(
                condition=Q(minutes__lte=MAX_SUBJECT_CAP),
                name="subject_cap_at_most_90_minutes",
                violation_error_message=_(
                    "A subject's cap may not exceed 90 minutes, the highest national ceiling."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grade} · {self.subject}: {self.minutes}"


class SchoolWeek(models.Model):
    """Which days of the week are school days; one row, edited on the limits page."""

    saturday_is_school_day = models.BooleanField(_("Saturday is a school day"), default=False)
    sunday_is_school_day = models.BooleanField(_("Sunday is a school day"), default=False)
    notice_link_days = models.PositiveSmallIntegerField(
        _("parents' notice links work for (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )

    class Meta:
        verbose_name = _("school week")
        verbose_name_plural = _("school week")

    def __str__(self) -> str:
        return str(_("School week"))

    @classmethod
    def current(cls) -> SchoolWeek:
        return cls.objects.order_by("pk").first() or cls()

    def is_school_weekday(self, day: datetime.date) -> bool:
        if day.weekday() == 5:
            return self.saturday_is_school_day
        if day.weekday() == 6:
            return self.sunday_is_school_day
        return True


class CalendarDay(models.Model):
    """An exception to the school week: a holiday, or a make-up school day (调休)."""

    date = models.DateField(_("date"), unique=True)
    is_school_day = models.BooleanField(
        _("school day"),
        default=False,
        help_text=_("Tick for a make-up school day on a weekend; leave empty for a holiday."),
    )
    note = models.CharField(_("note"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} · {self.note}"


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def active(self) -> AssignmentQuerySet:
        """Not withdrawn: what lists show and the load counts."""
        return self.filter(withdrawn_at__isnull=True)

    def withdrawn(self) -> AssignmentQuerySet:
        return self.filter(withdrawn_at__isnull=False)

    def counting_load(self) -> AssignmentQuerySet:
        return (
            self.active()
            .filter(kind=Assignment.Kind.WRITTEN)
            .exclude(phase=Assignment.Phase.IN_CLASS)
        )

    def on_day(self, day: datetime.date) -> AssignmentQuerySet:
        """A day's homework: what was set (and not withdrawn) for that day."""
        return self.on_days([day])

    def on_days(self, days: Iterable[datetime.date]) -> AssignmentQuerySet:
        """The homework of several days (a week's grid, the reminders' two days)."""
        return self.active().filter(date__in=list(days))

    def visible_to(self, scope: Scope) -> AssignmentQuerySet:
        """Homework the user may see: their classes × subjects, their grades, and the
        subjects they review (as academic director or review-group member)."""
        if not scope.is_authenticated:
            return self.none()
        if scope.school_wide:  # (homework_q is then Q(), and Q() | X would be X alone)
            return self.all()
        reviewing: Any = reviewed_subject_ids(scope)
        if reviewing is None:  # (not kept: a subquery)
            reviewing = ReviewGroupMember.objects.filter(teacher=scope.user).values("subject_id")
        return self.filter(scope.homework_q() | Q(subject_id__in=reviewing))


class MarkingRecordQuerySet(models.QuerySet["MarkingRecord"]):
    def visible_to(self, scope: Scope) -> MarkingRecordQuerySet:
        """Marking records are per-subject records of a student."""
        if not scope.is_authenticated:
            return self.none()
        return self.filter(scope.record_q("student__school_class", "assignment__subject"))


class HomeworkReviewQuerySet(models.QuerySet["HomeworkReview"]):
    def visible_to(self, scope: Scope) -> HomeworkReviewQuerySet:
        """Reviews of homework the user sets, and the ones they wrote."""
        if not scope.is_authenticated:
            return self.none()
        return self.filter(Q(assignment__set_by=scope.user) | Q(reviewer=scope.user))


class Assignment(models.Model):
    """Homework of one class in one subject on one day, in tiers."""

    class Phase(models.TextChoices):
        PRE_CLASS = "pre", _("Pre-class")
        IN_CLASS = "in", _("In-class")
        AFTER_CLASS = "after", _("After-class")

    class Kind(models.TextChoices):
        WRITTEN = "written", _("Written")
        PRACTICAL = "practical", _("Practical")
        READING = "reading", _("Reading")
        GREEN = "green", _("Green")

    term = models.ForeignKey(Term, on_delete=models.PROTECT, verbose_name=_("term"))
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.PROTECT, related_name="homework", verbose_name=_("class")
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, verbose_name=_("subject"))
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=120)
    unit = models.CharField(_("unit"), max_length=80, blank=True)
    phase = models.CharField(
        _("phase"), max_length=8, choices=Phase.choices, default=Phase.AFTER_CLASS
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WRITTEN)
    default_level = models.CharField(
        _("tier for the whole class"),
        max_length=10,
        choices=Level.choices,
        default=Level.BASIC,
        help_text=_("Students without a tier of their own take this one."),
    )
    set_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="homework_set", verbose_name=_("set by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Withdrawing is soft: the override reasons and marking records stay as evidence.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="homework_withdrawn",
        verbose_name=_("withdrawn by"),
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("homework assignment")
        verbose_name_plural = _("homework assignments")
        ordering = ["-date", "school_class__grade__level", "school_class__number", "subject__order"]
        indexes = [
            models.Index(fields=["school_class", "date"]),
            # A teacher's list: their classes × subjects, live homework only. Without it
            # PostgreSQL ANDs the class index with the subject's, which grows with the school.
            models.Index(
                fields=["school_class", "subject", "-date"],
                condition=Q(withdrawn_at__isnull=True),
                name="homework_live_class_subject",
            ),
            # The lists' order starts with the newest date: read backwards along it, the first
            # page of a grade leader's whole grade stops after its 50 rows, where a sort of every
            # visible assignment grew with the school (11 ms at 10×, 1.7 with it).
            models.Index(
                fields=["-date", "id"],
                condition=Q(withdrawn_at__isnull=True),
                name="homework_live_by_date",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_by__isnull=False),
                name="withdrawn_assignment_names_who",
                violation_error_message=_("A withdrawn assignment records who withdrew it."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_class} · {self.subject} · {self.date:%Y-%m-%d} · {self.title}"

    @property
    def is_written_take_home(self) -> bool:
        """Written homework of the pre- or after-class phase: what the limits are about."""
        return self.kind == self.Kind.WRITTEN and self.phase != self.Phase.IN_CLASS

    @property
    def counts_toward_load(self) -> bool:
        return self.is_written_take_home and self.withdrawn_at is None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Tier(models.Model):
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="tiers", verbose_name=_("assignment")
    )
    level = models.CharField(_("tier"), max_length=10, choices=Level.choices)
    content = models.TextField(_("content"))
    minutes = models.PositiveSmallIntegerField(_("estimated minutes"))

    class Meta:
        verbose_name = _("homework tier")
        verbose_name_plural = _("homework tiers")
        # Basic, improving, extension: the order of the tiers, not of the alphabet.
        ordering = [
            "assignment",
            models.Case(
                models.When(level=Level.BASIC, then=0),
                models.When(level=Level.IMPROVING, then=1),
                default=2,
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "level"],
                name="one_tier_per_level",
                violation_error_message=_("This assignment already has this tier."),
            ),
            models.CheckConstraint(
                condition=Q(minutes__lte=300),
                name="tier_minutes_at_most_300",
                violation_error_message=_("A tier takes at most 300 minutes."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.minutes}"


class StudentTier(models.Model):
    """A student who takes another tier than the class's."""

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.CASCADE,
        related_name="student_tiers",
        verbose_name=_("assignment"),
    )
    student = models.ForeignKey(Student, on_delete=models.CASCADE, verbose_name=_("student"))
    level = models.CharField(_("tier"), max_length=10, choices=Level.choices)

    class Meta:
        verbose_name = _("student's tier")
        verbose_name_plural = _("students' tiers")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student"],
                name="one_tier_choice_per_student",
                violation_error_message=_("This student already has a tier for this assignment."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.get_level_display()}"


class PersonalisedItem(models.Model):
    """A struggling student's own item; it replaces the tier for that student."""

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.CASCADE,
        related_name="personalised_items",
        verbose_name=_("assignment"),
    )
    student = models.ForeignKey(Student, on_delete=models.CASCADE, verbose_name=_("student"))
    content = models.TextField(_("content"))
    minutes = models.PositiveSmallIntegerField(_("estimated minutes"))

    class Meta:
        verbose_name = _("personalised item")
        verbose_name_plural = _("personalised items")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student"],
                name="one_personalised_item_per_student",
                violation_error_message=_(
                    "This student already has a personalised item for this assignment."
                ),
            ),
            models.CheckConstraint(
                condition=Q(minutes__lte=300),
                name="personalised_minutes_at_most_300",
                violation_error_message=_("A personalised item takes at most 300 minutes."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.minutes}"


class LoadOverride(models.Model):
    """A save that put the class over the day's limit, with the reason given."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("assignment")
    )
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, verbose_name=_("class"))
    date = models.DateField(_("date"))
    reason = models.TextField(_("reason"))
    average_minutes = models.DecimalField(
        _("class average (minutes)"), max_digits=6, decimal_places=1
    )
    limit_minutes = models.PositiveSmallIntegerField(_("limit (minutes)"))
    students_over = models.PositiveSmallIntegerField(_("students over the limit"), default=0)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("load override")
        verbose_name_plural = _("load overrides")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="override_reason_required",
                violation_error_message=_("Give the reason for going over the limit."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_class} · {self.date} · {self.average_minutes}/{self.limit_minutes}"


class MarkingRecord(models.Model):
    """How one student's homework was marked (批改), with face-to-face marking (面批)."""

    class Quality(models.TextChoices):
        EXCELLENT = "A", _("Excellent")
        GOOD = "B", _("Good")
        FAIR = "C", _("Fair")
        POOR = "D", _("Needs work")

    RATINGS = {"A": 5, "B": 4, "C": 3, "D": 2}

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="markings", verbose_name=_("assignment")
    )
    student = models.ForeignKey(
        Student,
        on_delete=models.CASCADE,
        related_name="homework_markings",
        verbose_name=_("student"),
    )
    submitted = models.BooleanField(_("submitted"), default=True)
    on_time = models.BooleanField(_("on time"), default=True)
    quality = models.CharField(_("quality"), max_length=1, choices=Quality.choices, blank=True)
    mistakes = models.TextField(_("mistakes noted"), blank=True)
    face_to_face = models.BooleanField(_("face-to-face marking done"), default=False)
    corrected = models.BooleanField(
        _("mistakes corrected"),
        default=False,
        help_text=_("The student corrected the mistakes and the teacher checked them."),
    )
    comment = models.TextField(_("personalised comment"), blank=True)
    marked_by = models.ForeignKey(User, on_delete=models.PROTECT, verbose_name=_("marked by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    objects = MarkingRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("marking record")
        verbose_name_plural = _("marking records")
        ordering = ["-assignment__date", "student__student_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student"],
                name="one_marking_per_student_assignment",
                violation_error_message=_("This student's marking is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(submitted=True) | (Q(on_time=False) & Q(quality="")),
                name="unsubmitted_has_no_quality",
                violation_error_message=_(
                    "Homework that was not submitted has no quality grade and is not on time."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.assignment}"

    @property
    def rating(self) -> int:
        """1–5 for the archive chart: not submitted is 1."""
        return self.rating_of(submitted=self.submitted, quality=self.quality)

    @classmethod
    def rating_of(cls, *, submitted: bool, quality: str) -> int:
        """``rating`` of a record read as a row."""
        if not submitted:
            return 1
        return cls.RATINGS.get(quality, 3)


def reviewed_subject_ids(scope: Scope) -> frozenset[int] | None:
    """The subjects whose review group the user is in, kept beside their scope's roles
    (``school.scope_cache.beside``); None when those are not kept.

    Known ids, not a subquery, let PostgreSQL read a teacher's homework by its indexes: an
    ``OR subject_id IN (SELECT …)`` made it read the whole table, for the list and its count.
    """
    return scope_cache.beside(
        scope,
        "homework-review-subjects",
        lambda: frozenset(
            ReviewGroupMember.objects.filter(teacher=scope.user).values_list(
                "subject_id", flat=True
            )
        ),
    )


class ReviewGroupMember(models.Model):
    """A backbone teacher who reviews a subject's homework with its academic director."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, verbose_name=_("subject"))
    teacher = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="homework_review_groups",
        verbose_name=_("teacher"),
    )

    class Meta:
        verbose_name = _("homework review group member")
        verbose_name_plural = _("homework review group members")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "teacher"],
                name="unique_review_member",
                violation_error_message=_("This teacher is already in the subject's review group."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.teacher}"


class HomeworkReview(models.Model):
    """A sampled assignment's quality review: design, tiering, load and comments."""

    class Judgement(models.TextChoices):
        GOOD = "good", _("Good")
        ADEQUATE = "adequate", _("Adequate")
        IMPROVE = "improve", _("Needs improvement")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("assignment")
    )
    reviewer = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="homework_reviews", verbose_name=_("reviewer")
    )
    design = models.CharField(_("design"), max_length=10, choices=Judgement.choices)
    tiering = models.CharField(_("tiering"), max_length=10, choices=Judgement.choices)
    load = models.CharField(_("load"), max_length=10, choices=Judgement.choices)
    comments = models.TextField(_("comments"), blank=True)
    created_at = models.DateTimeField(_("reviewed at"), auto_now_add=True)

    objects = HomeworkReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("homework review")
        verbose_name_plural = _("homework reviews")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "reviewer"],
                name="one_review_per_reviewer",
                violation_error_message=_("You have already reviewed this assignment."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.reviewer}"


class MarkingPhoto(WorkPhoto):
    """A photo of the marked homework (see archives/photos.py): at most three a record."""

    marking = models.ForeignKey(
        MarkingRecord,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("marking record"),
    )

    owner_field = "marking"
    url_name = "homework:photo"

    class Meta(WorkPhoto.Meta):
        verbose_name = _("marking photo")
        verbose_name_plural = _("marking photos")

    def __str__(self) -> str:
        return self.image.name or ""


# ---- lesson preparation (备课) and post-lesson reflections (教后记) ------------------------

LESSON_PLAN_MAX_BYTES = 5 * 1024 * 1024
LESSON_PLAN_EXTENSIONS = ("pdf", "doc", "docx", "ppt", "pptx", "jpg", "jpeg", "png")


def validate_plan_size(upload) -> None:
    if upload and getattr(upload, "size", 0) > LESSON_PLAN_MAX_BYTES:
        raise ValidationError(
            _("The plan file may be at most %(mb)d MB.") % {"mb": LESSON_PLAN_MAX_BYTES // 2**20}
        )


def lesson_plan_path(instance: LessonRecord, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"lesson_plans/{instance.term_id}/{uuid.uuid4().hex}.{extension}"


class LessonRecordQuerySet(models.QuerySet["LessonRecord"]):
    def alive(self) -> LessonRecordQuerySet:
        return self.filter(deleted_at__isnull=True)

    def visible_to(self, scope: Scope) -> LessonRecordQuerySet:
        """Scoped like homework: the classes × subjects taught, the grades led, the
        subjects directed; and always the teacher's own records."""
        if not scope.is_authenticated:
            return self.none()
        if scope.school_wide:  # (homework_q is then Q(), and Q() | X would be X alone)
            return self.all()
        return self.filter(scope.homework_q() | Q(teacher=scope.user))

    def reflected(self) -> LessonRecordQuerySet:
        return self.exclude(reflection="")


class LessonRecord(models.Model):
    """A teacher's preparation of one lesson or unit (备课), and afterwards the
    post-lesson reflection (教后记). What inspections count as lesson preparation."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, verbose_name=_("term"))
    teacher = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="lesson_records", verbose_name=_("teacher")
    )
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.PROTECT,
        related_name="lesson_records",
        verbose_name=_("class"),
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, verbose_name=_("subject"))
    date = models.DateField(_("lesson date"))
    unit = models.CharField(_("unit"), max_length=80, blank=True)
    title = models.CharField(_("lesson"), max_length=120)
    goals = models.TextField(_("goals"), blank=True)
    key_points = models.TextField(_("key points"), blank=True)
    difficult_points = models.TextField(_("difficult points"), blank=True)
    tiered_exercises = models.TextField(_("tiered exercises designed"), blank=True)
    plan_text = models.TextField(_("lesson plan"), blank=True)
    plan_file = models.FileField(
        _("lesson plan file"),
        upload_to=lesson_plan_path,
        max_length=200,
        blank=True,
        validators=[
            FileExtensionValidator(allowed_extensions=list(LESSON_PLAN_EXTENSIONS)),
            validate_plan_size,
        ],
        help_text=_("Optional: PDF, Word, PowerPoint or a photo, at most 5 MB."),
    )
    reflection = models.TextField(_("post-lesson reflection"), blank=True)
    reflected_at = models.DateTimeField(_("reflection written at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    deleted_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    objects = LessonRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson record")
        verbose_name_plural = _("lesson records")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["teacher", "term"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} · {self.school_class} · {self.subject} · {self.title}"


# ---- the grade leader's answer to an over-limit day, and the parents' notice link ----------


class OverLimitResponse(models.Model):
    """What the grade leader did about a class's over-limit day (年级作业总量调控)."""

    class Action(models.TextChoices):
        ACKNOWLEDGED = "ack", _("Acknowledged")
        CUT_ASKED = "cut", _("Asked to cut")

    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="+", verbose_name=_("class")
    )
    date = models.DateField(_("date"))
    action = models.CharField(_("action"), max_length=3, choices=Action.choices)
    note = models.TextField(_("note to the teachers"), blank=True)
    responded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("grade leader")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("over-limit response")
        verbose_name_plural = _("over-limit responses")
        ordering = ["-date", "school_class"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "date"],
                name="one_over_limit_response_per_class_day",
                violation_error_message=_("This day already has a response."),
            ),
            models.CheckConstraint(
                condition=Q(action="ack") | ~Q(note=""),
                name="cut_request_has_a_note",
                violation_error_message=_("Say what to cut in the note."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_class} · {self.date} · {self.get_action_display()}"


def new_notice_token() -> str:
    return secrets.token_urlsafe(24)


class NoticeLink(models.Model):
    """A read-only link to a class's homework notice of one day, for the parents' group.

    It shows the homework and its minutes only, never a student; it stops working after
    the school's number of days (``SchoolWeek.notice_link_days``)."""

    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="+", verbose_name=_("class")
    )
    date = models.DateField(_("date"))
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_notice_token)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_on = models.DateField(_("works until"))

    class Meta:
        verbose_name = _("homework notice link")
        verbose_name_plural = _("homework notice links")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.school_class} · {self.date}"


class ReviewSample(models.Model):
    """An assignment drawn for a reviewer's quality review in one review period (a
    fortnight from the term's start): drawn once, kept, the same on every reload."""

    reviewer = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("reviewer")
    )
    period_start = models.DateField(_("review period from"))
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="+", verbose_name=_("assignment")
    )

    class Meta:
        verbose_name = _("review sample")
        verbose_name_plural = _("review samples")
        ordering = ["-period_start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "period_start", "assignment"], name="one_sample_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.period_start} · {self.assignment}"
