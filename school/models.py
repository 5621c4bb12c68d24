"""The school's structure: people, terms, grades, classes, subjects and who holds which role.

Roles that change with the timetable (teaching, head teacher, grade leader) are
held per term; school-wide positions (principal, administrator, academic
director of a subject) are held until removed.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import choice_label

GRADE_NAMES = {
    1: "一年级",
    2: "二年级",
    3: "三年级",
    4: "四年级",
    5: "五年级",
    6: "六年级",
    7: "七年级",
    8: "八年级",
    9: "九年级",
}


class User(AbstractUser):
    class Position(models.TextChoices):
        TEACHER = "teacher", _("Teacher")
        PRINCIPAL = "principal", _("Principal")
        ADMINISTRATOR = "admin", _("Administrator")

    full_name = models.CharField(_("full name"), max_length=60, blank=True)
    position = models.CharField(
        _("position"), max_length=16, choices=Position.choices, default=Position.TEACHER
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["full_name", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_school_leader(self) -> bool:
        """Principal and administrators see the whole school."""
        return self.is_superuser or self.position in (
            self.Position.PRINCIPAL,
            self.Position.ADMINISTRATOR,
        )


class TermQuerySet(models.QuerySet["Term"]):
    def current(self) -> Term | None:
        return self.filter(is_current=True).first()

    def containing(self, day: datetime.date) -> models.QuerySet:
        return self.filter(start__lte=day, end__gte=day)


class Term(models.Model):
    """A term (学期) with its review dates; reminders are scheduled from them."""

    academic_year = models.CharField(_("academic year"), max_length=20, help_text="2026-2027")
    name = models.CharField(_("name"), max_length=40)
    start = models.DateField(_("start"))
    midterm_review = models.DateField(_("mid-term review"))
    final_review = models.DateField(_("end-of-term review"))
    end = models.DateField(_("end"))
    is_current = models.BooleanField(_("current term"), default=False)

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="one_current_term",
                violation_error_message=_("Only one term can be the current term."),
            ),
            models.CheckConstraint(
                condition=Q(start__lte=models.F("midterm_review"))
                & Q(midterm_review__lte=models.F("final_review"))
                & Q(final_review__lte=models.F("end")),
                name="term_dates_in_order",
                violation_error_message=_(
                    "Dates must be in order: start, mid-term review, end-of-term review, end."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.academic_year} {self.name}"

    def clean(self) -> None:
        dates = [self.start, self.midterm_review, self.final_review, self.end]
        if all(dates) and dates != sorted(dates):
            raise ValidationError(
                _("Dates must be in order: start, mid-term review, end-of-term review, end.")
            )

    def previous(self) -> Term | None:
        return Term.objects.filter(start__lt=self.start).order_by("-start").first()


class Grade(models.Model):
    """A grade the school runs; 1–6 primary, 7–9 junior high."""

    class Band(models.TextChoices):
        LOWER_PRIMARY = "lower", _("Grades 1–2")
        UPPER_PRIMARY = "upper", _("Grades 3–6")
        JUNIOR = "junior", _("Grades 7–9")

    level = models.PositiveSmallIntegerField(
        _("grade"), unique=True, choices=[(n, name) for n, name in GRADE_NAMES.items()]
    )

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        ordering = ["level"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=9), name="grade_level_1_to_9"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def ids_in_order() -> list[int]:
        """Every grade's pk, lowest grade first (a list read grade by grade)."""
        return list(Grade.objects.order_by("level").values_list("pk", flat=True))

    @property
    def name(self) -> str:
        return str(choice_label(self, "level"))  # get_level_display, without its cost per call

    @property
    def band(self) -> str:
        if self.level <= 2:
            return self.Band.LOWER_PRIMARY
        if self.level <= 6:
            return self.Band.UPPER_PRIMARY
        return self.Band.JUNIOR


class SchoolClass(models.Model):
    grade = models.ForeignKey(
        Grade, on_delete=models.PROTECT, related_name="classes", verbose_name=_("grade")
    )
    number = models.PositiveSmallIntegerField(_("class number"))
    name = models.CharField(_("name"), max_length=40, blank=True, help_text="三年级(2)班")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["grade__level", "number"]
        constraints = [
            models.UniqueConstraint(fields=["grade", "number"], name="unique_class_in_grade")
        ]

    def __str__(self) -> str:
        return self.name or self.default_name()

    @staticmethod
    def choices_of(classes: models.QuerySet[SchoolClass]) -> list[tuple[int, str]]:
        """``(pk, str(class))`` for a select, read as rows: no model built per class (an
        administrator's select holds every class of the school, 400 at the bench's 10×)."""
        rows = classes.values_list("pk", "name", "number", "grade__level")
        return [
            (pk, name or f"{GRADE_NAMES.get(level, level)}({number})班")
            for pk, name, number, level in rows
        ]

    def default_name(self) -> str:
        return f"{self.grade.name}({self.number})班"

    def save(self, *args, **kwargs) -> None:
        # The display name is derived; an explicit one (e.g. "三年级(2)班 实验班") wins.
        if not self.name:
            self.name = self.default_name()
        super().save(*args, **kwargs)


class Subject(models.Model):
    name = models.CharField(_("name"), max_length=30, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class TeachingAssignment(models.Model):
    """Teacher × class × subject × term: the heart of a subject teacher's scope."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, verbose_name=_("term"))
    teacher = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="teaching", verbose_name=_("teacher")
    )
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="teaching", verbose_name=_("class")
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, verbose_name=_("subject"))

    class Meta:
        verbose_name = _("teaching assignment")
        verbose_name_plural = _("teaching assignments")
        ordering = ["school_class__grade__level", "school_class__number", "subject__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "teacher", "school_class", "subject"],
                name="unique_teaching_assignment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.teacher} · {self.school_class} · {self.subject}"


class ClassHeadship(models.Model):
    """The head teacher (班主任) of a class for a term."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, verbose_name=_("term"))
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="headships", verbose_name=_("class")
    )
    teacher = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="headships", verbose_name=_("head teacher")
    )

    class Meta:
        verbose_name = _("head teacher")
        verbose_name_plural = _("head teachers")
        constraints = [
            models.UniqueConstraint(fields=["term", "school_class"], name="one_head_per_class")
        ]

    def __str__(self) -> str:
        return f"{self.school_class} · {self.teacher}"


class GradeLeadership(models.Model):
    """The grade leader (年级组长), who holds the grade's daily homework load."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, verbose_name=_("term"))
    grade = models.ForeignKey(
        Grade, on_delete=models.CASCADE, related_name="leaderships", verbose_name=_("grade")
    )
    teacher = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="grade_leaderships", verbose_name=_("leader")
    )

    class Meta:
        verbose_name = _("grade leader")
        verbose_name_plural = _("grade leaders")
        constraints = [
            models.UniqueConstraint(
                fields=["term", "grade", "teacher"], name="unique_grade_leadership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.grade} · {self.teacher}"


class SubjectDirectorship(models.Model):
    """An academic director (学科分管教导) leads a subject across the school."""

    subject = models.ForeignKey(
        Subject, on_delete=models.CASCADE, related_name="directorships", verbose_name=_("subject")
    )
    teacher = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="directorships", verbose_name=_("director")
    )

    class Meta:
        verbose_name = _("academic director")
        verbose_name_plural = _("academic directors")
        constraints = [
            models.UniqueConstraint(fields=["subject", "teacher"], name="unique_directorship")
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.teacher}"


def today() -> datetime.date:
    return timezone.localdate()
