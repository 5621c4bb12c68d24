"""Student evaluations and gap follow-ups; the early-warning rule; teacher inspections.

Workflows 5 (evaluate and fill gaps) and 6 (inspect the teachers) of the domain.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from school.models import today


class Level(models.TextChoices):
    """The level scale of evaluations not scored in marks (等级制)."""

    A = "A", _("A · excellent")
    B = "B", _("B · good")
    C = "C", _("C · pass")
    D = "D", _("D · not yet passed")


# What a level counts as on the archive's chart (0–100), and which levels attain the goal.
LEVEL_PERCENT = {"A": 95.0, "B": 82.0, "C": 68.0, "D": 45.0}
LEVELS_ATTAINED = {"A", "B", "C"}


class EvaluationQuerySet(models.QuerySet):
    def for_term(self, term) -> models.QuerySet:
        return self.filter(term=term)


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
            return score is not None and score >= self.pass_line
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


class GapQuerySet(models.QuerySet):
    def open(self) -> models.QuerySet:
        return self.filter(done=False)

    def overdue(self, day) -> models.QuerySet:
        return self.filter(done=False, due__lt=day)


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
    """The school's early-warning rule and inspection scoring scale: one row (pk 1)."""

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
    inspection_max_score = models.PositiveSmallIntegerField(
        _("inspection scoring scale (highest score per item)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("evaluation settings")
        verbose_name_plural = _("evaluation settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(warning_consecutive__gte=1) & Q(warning_consecutive__lte=6),
                name="warning_consecutive_1_to_6",
            ),
            models.CheckConstraint(
                condition=Q(inspection_max_score__gte=1) & Q(inspection_max_score__lte=100),
                name="inspection_max_score_1_to_100",
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


# ---- inspections ---------------------------------------------------------------------


class Area(models.TextChoices):
    """What a checklist item checks; evidence from other apps is grouped by it."""

    LESSON_PREPARATION = "lesson_preparation", _("Lesson preparation")
    HOMEWORK_SETTING = "homework_setting", _("Homework setting")
    HOMEWORK_MARKING = "homework_marking", _("Homework marking")
    HOMEWORK_RECORDS = "homework_records", _("Homework records and analysis")
    ARCHIVES = "archives", _("Struggling-student archives and support plans")
    EVALUATIONS = "evaluations", _("Evaluations and gap remediation")
    FAMILY = "family", _("Family contacts")
    OTHER = "other", _("Other")


class ChecklistItem(models.Model):
    """An item of the school's routine-inspection checklist (the template)."""

    area = models.CharField(_("area"), max_length=20, choices=Area.choices, default=Area.OTHER)
    name = models.CharField(_("item"), max_length=80)
    description = models.CharField(_("what is checked"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="checklist_weight_positive")
        ]

    def __str__(self) -> str:
        return self.name


class InspectionRoundQuerySet(models.QuerySet):
    def visible_to(self, scope) -> models.QuerySet:
        """Rounds a user manages (school leaders; directors of the subject; the creator)
        or inspects."""
        if scope.school_wide:
            return self
        user = scope.user
        return self.filter(
            Q(subject_id__in=scope.directed_subject_ids) | Q(created_by=user) | Q(inspectors=user)
        ).distinct()

    def managed_by(self, scope) -> models.QuerySet:
        if scope.school_wide:
            return self
        return self.filter(Q(subject_id__in=scope.directed_subject_ids) | Q(created_by=scope.user))

    def not_finalized(self) -> models.QuerySet:
        return self.exclude(status=InspectionRound.Status.FINALIZED)


class InspectionRound(models.Model):
    """A mid-term or end-of-term routine inspection (常规检查) of teachers."""

    class Kind(models.TextChoices):
        MIDTERM = "midterm", _("Mid-term inspection")
        FINAL = "final", _("End-of-term inspection")

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        FINALIZED = "finalized", _("Finalized")

    term = models.ForeignKey(
        "school.Term",
        on_delete=models.PROTECT,
        related_name="inspection_rounds",
        verbose_name=_("term"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    subject = models.ForeignKey(
        "school.Subject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_rounds",
        verbose_name=_("subject"),
        help_text=_("Empty for a whole-school round."),
    )
    due = models.DateField(_("due date"))
    max_score = models.PositiveSmallIntegerField(_("highest score per item"), default=10)
    inspectors = models.ManyToManyField(
        "school.User", related_name="rounds_inspecting", verbose_name=_("inspection group")
    )
    teachers = models.ManyToManyField(
        "school.User", related_name="rounds_inspected", verbose_name=_("teachers inspected")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finalized_by = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("finalized by"),
    )
    finalized_at = models.DateTimeField(_("finalized at"), null=True, blank=True)
    review_note = models.TextField(_("director's review"), blank=True)

    history = HistoricalRecords(excluded_fields=["created_at"])
    objects = InspectionRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection round")
        verbose_name_plural = _("inspection rounds")
        ordering = ["-due", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "kind", "subject"],
                condition=Q(subject__isnull=False),
                name="one_subject_round_per_term_kind",
                violation_error_message=_(
                    "This term already has a round of this kind for this subject."
                ),
            ),
            models.UniqueConstraint(
                fields=["term", "kind"],
                condition=Q(subject__isnull=True),
                name="one_school_round_per_term_kind",
                violation_error_message=_(
                    "This term already has a whole-school round of this kind."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(finalized_at__isnull=False),
                name="finalized_round_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} · {self.get_kind_display()} · {self.subject_label}"

    @property
    def subject_label(self) -> str:
        return str(self.subject) if self.subject_id else str(_("Whole school"))

    @property
    def is_finalized(self) -> bool:
        return self.status == self.Status.FINALIZED


class RoundItem(models.Model):
    """A checklist item as it was when the round was created (a snapshot)."""

    round = models.ForeignKey(
        InspectionRound, on_delete=models.CASCADE, related_name="items", verbose_name=_("round")
    )
    area = models.CharField(_("area"), max_length=20, choices=Area.choices, default=Area.OTHER)
    name = models.CharField(_("item"), max_length=80)
    description = models.CharField(_("what is checked"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("round checklist item")
        verbose_name_plural = _("round checklist items")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="round_item_weight_positive")
        ]

    def __str__(self) -> str:
        return self.name


class InspectionResult(models.Model):
    """The inspection of one teacher in one round: item scores, problems, follow-ups."""

    round = models.ForeignKey(
        InspectionRound, on_delete=models.CASCADE, related_name="results", verbose_name=_("round")
    )
    teacher = models.ForeignKey(
        "school.User",
        on_delete=models.CASCADE,
        related_name="inspection_results",
        verbose_name=_("teacher"),
    )
    inspector = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    problems = models.TextField(_("problems found"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    total_percent = models.DecimalField(
        _("weighted score (%)"), max_digits=5, decimal_places=1, default=0
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection result")
        verbose_name_plural = _("inspection results")
        ordering = ["round", "teacher__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "teacher"], name="one_result_per_teacher_round"
            ),
            models.CheckConstraint(
                condition=Q(total_percent__gte=0) & Q(total_percent__lte=100),
                name="inspection_total_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.teacher}"


class ItemScore(models.Model):
    result = models.ForeignKey(
        InspectionResult,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=pgettext_lazy("outcome of an evaluation or inspection", "result"),
    )
    item = models.ForeignKey(
        RoundItem, on_delete=models.CASCADE, related_name="scores", verbose_name=_("item")
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["item__order", "item__pk"]
        constraints = [
            models.UniqueConstraint(fields=["result", "item"], name="one_score_per_item_result"),
            models.CheckConstraint(
                condition=Q(score__gte=0),
                name="item_score_not_negative",
                violation_error_message=_("A score cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.score}"
