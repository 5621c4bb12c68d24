"""Student evaluations and gap follow-ups; the early-warning rule.

Workflow 5 (evaluate and fill gaps) of the domain; inspections live in ``inspections/``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.locking import version_field
from school.models import Term, today

if TYPE_CHECKING:
    from school.scoping import Scope


class Level(models.TextChoices):
    """The level scale of evaluations not scored in marks (等级制)."""

    A = "A", _("A · excellent")
    B = "B", _("B · good")
    C = "C", _("C · pass")
    D = "D", _("D · not yet passed")


# What a level counts as on the archive's chart (0–100), and which levels attain the goal.
LEVEL_PERCENT = {"A": 95.0, "B": 82.0, "C": 68.0, "D": 45.0}
LEVELS_ATTAINED = {"A", "B", "C"}


def _records(qs: models.QuerySet, scope: Scope, class_field: str, subject_field: str):
    """Per-subject records: the scope's class × subject rule (none when signed out)."""
    if not scope.is_authenticated:
        return qs.none()
    return qs.filter(scope.record_q(class_field, subject_field))


class EvaluationQuerySet(models.QuerySet["Evaluation"]):
    def for_term(self, term: Term | None) -> EvaluationQuerySet:
        return self.filter(term=term)

    def visible_to(self, scope: Scope) -> EvaluationQuerySet:
        return _records(self, scope, "school_class", "subject")


class EvaluationResultQuerySet(models.QuerySet["EvaluationResult"]):
    def visible_to(self, scope: Scope) -> EvaluationResultQuerySet:
        return _records(self, scope, "evaluation__school_class", "evaluation__subject")


class Evaluation(models.Model):
    """One lesson, unit, single-skill or stage evaluation of a class in a subject."""

    class Kind(models.TextChoices):
        LESSON = "lesson", _("Lesson evaluation")
        UNIT = "unit", _("Unit evaluation")
        SKILL = "skill", _("Single-skill evaluation")
        STAGE = "stage", _("Stage evaluation")

    class Scale(models.TextChoices):
        SCORE = "score", _("Score")
        LEVEL = "level", _("Level (A–D)")

    term = models.ForeignKey(
        "school.Term", on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("term")
    )
    school_class = models.ForeignKey(
        "school.SchoolClass",
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("class"),
    )
    subject = models.ForeignKey(
        "school.Subject",
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("subject"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.UNIT)
    name = models.CharField(_("name"), max_length=80)
    date = models.DateField(_("date"), default=today)
    scale = models.CharField(_("scale"), max_length=10, choices=Scale.choices, default=Scale.SCORE)
    full_marks = models.DecimalField(
        _("full marks"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    pass_line = models.DecimalField(
        _("pass line"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    created_by = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        related_name="evaluations_created",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Optimistic locking of the score grid (core.locking): its version and last saver.
    grid_version = version_field()
    grid_saved_by = models.ForeignKey(
        "school.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grid last saved by"),
    )

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["term", "school_class", "subject", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale="level")
                | (Q(full_marks__gt=0) & Q(pass_line__gte=0) & Q(pass_line__lte=F("full_marks"))),
                name="evaluation_score_scale_has_marks",
                violation_error_message=_(
                    "A scored evaluation needs full marks above 0 and a pass line between 0 "
                    "and the full marks."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.school_class} · {self.subject}"

    @property
    def is_scored(self) -> bool:
        return self.scale == self.Scale.SCORE

    def attained(self, *, score: Decimal | None, level: str) -> bool:
        if self.is_scored:
            return score is not None and self.pass_line is not None and score >= self.pass_line
        return level in LEVELS_ATTAINED

    def percent(self, *, score: Decimal | None, level: str) -> float | None:
        if self.is_scored:
            if score is None or not self.full_marks:
                return None
            return round(float(score) / float(self.full_marks) * 100, 1)
        return LEVEL_PERCENT.get(level)


class EvaluationResult(models.Model):
    """A student's score or level in one evaluation, and whether the goal was attained."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="results", verbose_name=_("evaluation")
    )
    student = models.ForeignKey(
        "students.Student",
        on_delete=models.CASCADE,
        related_name="evaluation_results",
        verbose_name=_("student"),
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=1, null=True, blank=True)
    level = models.CharField(_("level"), max_length=1, choices=Level.choices, blank=True)
    goal_attained = models.BooleanField(_("goal attained"), default=False)

    objects = EvaluationResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")
        ordering = ["student__student_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "student"], name="one_result_per_student_evaluation"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0),
                name="evaluation_score_not_negative",
                violation_error_message=_("A score cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=False) | ~Q(level=""),
                name="evaluation_result_has_score_or_level",
                violation_error_message=_("Enter a score or a level."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student.name} · {self.evaluation.name}"

    @property
    def display(self) -> str:
        return str(self.score).removesuffix(".0") if self.score is not None else self.level


class GapQuerySet(models.QuerySet["Gap"]):
    def open(self) -> GapQuerySet:
        return self.filter(done=False)

    def overdue(self, day: datetime.date) -> GapQuerySet:
        return self.filter(done=False, due__lt=day)

    def visible_to(self, scope: Scope) -> GapQuerySet:
        return _records(
            self, scope, "result__evaluation__school_class", "result__evaluation__subject"
        )


class Gap(models.Model):
    """A knowledge point a student missed in an evaluation, and its remediation (查缺补漏)."""

    result = models.ForeignKey(
        EvaluationResult,
        on_delete=models.CASCADE,
        related_name="gaps",
        verbose_name=pgettext_lazy("outcome of an evaluation or inspection", "result"),
    )
    knowledge_point = models.CharField(_("knowledge point"), max_length=120)
    remediation = models.CharField(_("remediation"), max_length=300, blank=True)
    due = models.DateField(_("due date"))
    done = models.BooleanField(_("done"), default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = GapQuerySet.as_manager()

    class Meta:
        verbose_name = _("gap")
        verbose_name_plural = _("gaps")
        ordering = ["done", "due", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "knowledge_point"], name="one_gap_per_point_and_result"
            ),
            models.CheckConstraint(
                condition=Q(done=False) | Q(done_on__isnull=False),
                name="gap_done_has_date",
                violation_error_message=_("A gap marked done needs the date it was done."),
            ),
        ]

    def __str__(self) -> str:
        return self.knowledge_point


class EvaluationSettings(models.Model):
    """The school's early-warning rule: one row (pk 1)."""

    warning_kind = models.CharField(
        _("evaluations the rule looks at"),
        max_length=10,
        choices=Evaluation.Kind.choices,
        default=Evaluation.Kind.UNIT,
    )
    warning_consecutive = models.PositiveSmallIntegerField(
        _("consecutive results below the pass line"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )

    excellent_percent = models.PositiveSmallIntegerField(
        _("excellent from (% of full marks)"),
        default=85,
        validators=[MinValueValidator(50), MaxValueValidator(100)],
        help_text=_("A score at or above this share of the full marks (or level A) is excellent."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation settings")
        verbose_name_plural = _("evaluation settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(warning_consecutive__gte=1) & Q(warning_consecutive__lte=6),
                name="warning_consecutive_1_to_6",
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def load(cls) -> EvaluationSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class WarningDismissal(models.Model):
    """A teacher decided a suggested student is not struggling, for this run of results.

    ``evaluation`` is the result that completed the run; a later result that extends
    the run suggests the student again.
    """

    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, verbose_name=_("student")
    )
    subject = models.ForeignKey(
        "school.Subject", on_delete=models.CASCADE, verbose_name=_("subject")
    )
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, verbose_name=_("evaluation")
    )
    reason = models.CharField(_("reason"), max_length=300)
    dismissed_by = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, verbose_name=_("dismissed by")
    )
    dismissed_at = models.DateTimeField(_("dismissed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed warning")
        verbose_name_plural = _("dismissed warnings")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "subject", "evaluation"], name="one_dismissal_per_warning"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.subject}"
