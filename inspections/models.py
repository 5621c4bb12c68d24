"""Teacher inspections (常规检查): the checklist, rounds, results and item scores.

Workflow 6 (inspect the teachers) of the domain. The models moved here from
``evaluations``; their tables keep the ``evaluations_*`` names they were created with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.locking import version_field

if TYPE_CHECKING:
    from school.models import User
    from school.scoping import Scope


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


class ChecklistItemQuerySet(models.QuerySet["ChecklistItem"]):
    def for_subject(self, subject) -> ChecklistItemQuerySet:
        """The checklist a round of ``subject`` copies: the subject's own items in use, or
        the school default when the subject has none."""
        own = self.filter(is_active=True, subject=subject) if subject is not None else self.none()
        return own if own.exists() else self.filter(is_active=True, subject__isnull=True)

    def editable_by(self, scope: Scope) -> ChecklistItemQuerySet:
        """School leaders keep the default and every subject's; a director their subjects'."""
        if scope.is_school_leader:
            return self
        return self.filter(subject_id__in=scope.directed_subject_ids)


class ChecklistItem(models.Model):
    """An item of a routine-inspection checklist (the template): the school default
    (no subject) or a subject's own."""

    subject = models.ForeignKey(
        "school.Subject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checklist_items",
        verbose_name=_("subject"),
        help_text=_("Empty for the school's default checklist."),
    )
    area = models.CharField(_("area"), max_length=20, choices=Area.choices, default=Area.OTHER)
    name = models.CharField(_("item"), max_length=80)
    description = models.CharField(_("what is checked"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords(table_name="inspections_historicalchecklistitem")
    objects = ChecklistItemQuerySet.as_manager()

    class Meta:
        db_table = "evaluations_checklistitem"
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["subject__order", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="checklist_weight_positive")
        ]

    def __str__(self) -> str:
        return self.name


class InspectionRoundQuerySet(models.QuerySet["InspectionRound"]):
    def visible_to(self, scope: Scope) -> InspectionRoundQuerySet:
        """Rounds a user manages (school leaders; directors of the subject; the creator)
        or inspects."""
        if scope.school_wide:
            return self
        user = scope.user
        return self.filter(
            Q(subject_id__in=scope.directed_subject_ids)
            | Q(created_by=user)
            | Q(inspectors=user)
            | Q(assignments__inspector=user)
        ).distinct()

    def managed_by(self, scope: Scope) -> InspectionRoundQuerySet:
        if scope.school_wide:
            return self
        return self.filter(Q(subject_id__in=scope.directed_subject_ids) | Q(created_by=scope.user))

    def not_finalized(self) -> InspectionRoundQuerySet:
        return self.exclude(status=InspectionRound.Status.FINALIZED)


class InspectionResultQuerySet(models.QuerySet["InspectionResult"]):
    def own_finalized(self, user: User) -> InspectionResultQuerySet:
        """A teacher's own results, once their round is finalized (the review is done)."""
        return self.filter(teacher=user, round__status=InspectionRound.Status.FINALIZED)

    def managed_by(self, scope: Scope) -> InspectionResultQuerySet:
        """Results of the rounds the user manages (every inspector's)."""
        return self.filter(round__in=InspectionRound.objects.managed_by(scope).values("pk"))


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

    class Stage(models.TextChoices):
        SELF_CHECK = "self", _("Subject group's self-check")
        RECHECK = "office", _("Office's re-check")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # A two-stage round starts with the subject group's self-check; the office's re-check
    # follows, and the self-check's scores are kept (``SelfCheckScore``).
    two_stage = models.BooleanField(
        _("two stages (self-check, then the office's re-check)"), default=False
    )
    stage = models.CharField(_("stage"), max_length=6, choices=Stage.choices, default=Stage.RECHECK)
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

    history = HistoricalRecords(
        excluded_fields=["created_at"], table_name="evaluations_historicalinspectionround"
    )
    objects = InspectionRoundQuerySet.as_manager()

    class Meta:
        db_table = "evaluations_inspectionround"
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
                condition=Q(status="open") | Q(finalized_at__isnull=False),  # Status.OPEN
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
        db_table = "evaluations_rounditem"
        verbose_name = _("round checklist item")
        verbose_name_plural = _("round checklist items")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="round_item_weight_positive")
        ]

    def __str__(self) -> str:
        return self.name


class RoundAssignment(models.Model):
    """Who inspects whom in a round: each inspected teacher has one or more inspectors."""

    round = models.ForeignKey(
        InspectionRound,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("round"),
    )
    teacher = models.ForeignKey(
        "school.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("teacher")
    )
    inspector = models.ForeignKey(
        "school.User",
        on_delete=models.CASCADE,
        related_name="inspection_assignments",
        verbose_name=_("inspector"),
    )

    class Meta:
        verbose_name = _("inspector assignment")
        verbose_name_plural = _("inspector assignments")
        ordering = ["round", "teacher", "inspector"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "teacher", "inspector"], name="one_assignment_per_pair_round"
            ),
            models.CheckConstraint(
                condition=~Q(teacher=models.F("inspector")), name="inspector_not_own_teacher"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.teacher} ← {self.inspector}"


class InspectionResult(models.Model):
    """One inspector's inspection of one teacher in one round: item scores, problems,
    follow-ups. The teacher's result is the average over their inspectors (``combined``)."""

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
    version = version_field()
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(table_name="evaluations_historicalinspectionresult")

    objects = InspectionResultQuerySet.as_manager()

    class Meta:
        db_table = "evaluations_inspectionresult"
        verbose_name = _("inspection result")
        verbose_name_plural = _("inspection results")
        ordering = ["round", "teacher__full_name", "inspector__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "teacher", "inspector"], name="one_result_per_inspector"
            ),
            models.CheckConstraint(
                condition=Q(total_percent__gte=0) & Q(total_percent__lte=100),
                name="inspection_total_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.teacher} · {self.inspector}"


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
    # What Bangfu suggested from the records and the school's thresholds, and the figures
    # as they stood when the inspector scored (the report shows them; records move on).
    suggested = models.DecimalField(
        _("suggested score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    evidence_note = models.TextField(_("evidence figures"), blank=True)

    history = HistoricalRecords(table_name="evaluations_historicalitemscore")

    class Meta:
        db_table = "evaluations_itemscore"
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


class InspectionSettings(models.Model):
    """The school's inspection scoring scale: one row (pk 1)."""

    max_score = models.PositiveSmallIntegerField(
        _("inspection scoring scale (highest score per item)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection settings")
        verbose_name_plural = _("inspection settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_score__gte=1) & Q(max_score__lte=100),
                name="inspection_settings_max_score_1_to_100",
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def load(cls) -> InspectionSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class ScoreThreshold(models.Model):
    """The school's threshold for one evidence figure: the figure that earns the full score
    and the one that earns none; a suggested score runs linearly between them.

    ``full_at`` below ``zero_at`` means fewer is better (stale archives, over-limit days).
    Figures without a row use ``inspections.scoring.DEFAULTS``.
    """

    key = models.CharField(_("evidence figure"), max_length=60, unique=True)
    full_at = models.DecimalField(_("full score at"), max_digits=7, decimal_places=1)
    zero_at = models.DecimalField(_("no score at"), max_digits=7, decimal_places=1)
    changed_by = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("suggested-score threshold")
        verbose_name_plural = _("suggested-score thresholds")
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(full_at=models.F("zero_at")),
                name="threshold_full_differs_from_zero",
                violation_error_message=_(
                    "The full-score figure and the no-score figure must differ."
                ),
            ),
            models.CheckConstraint(
                condition=Q(full_at__gte=0) & Q(zero_at__gte=0),
                name="threshold_not_negative",
                violation_error_message=_("Thresholds cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.zero_at} → {self.full_at}"


class FollowUpQuerySet(models.QuerySet["FollowUpItem"]):
    def open(self) -> FollowUpQuerySet:
        return self.filter(done_at__isnull=True)

    def visible_to(self, scope: Scope) -> FollowUpQuerySet:
        """The owner's own items, and those of the rounds the user manages or inspects."""
        if scope.school_wide:
            return self
        rounds = InspectionRound.objects.visible_to(scope).values("pk")
        return self.filter(Q(owner=scope.user) | Q(round__in=rounds))


class FollowUpItem(models.Model):
    """A problem found in an inspection, to put right (整改) by its owner before a due date.
    The next round shows it as done or not done."""

    round = models.ForeignKey(
        InspectionRound,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("round"),
    )
    teacher = models.ForeignKey(
        "school.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("teacher")
    )
    problem = models.CharField(_("problem found"), max_length=300)
    action = models.CharField(_("what to do"), max_length=300, blank=True)
    owner = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        related_name="inspection_follow_ups",
        verbose_name=_("owner"),
    )
    due = models.DateField(_("due date"))
    created_by = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_note = models.CharField(_("what was done"), max_length=300, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at"])
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up item")
        verbose_name_plural = _("follow-up items")
        ordering = ["done_at", "due", "pk"]

    def __str__(self) -> str:
        return f"{self.teacher} · {self.problem}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class SelfCheckScore(models.Model):
    """A teacher's self-check result (one inspector of the subject group), kept when the
    office's re-check begins: the total, the item scores and the problems found."""

    round = models.ForeignKey(
        InspectionRound,
        on_delete=models.CASCADE,
        related_name="self_check_scores",
        verbose_name=_("round"),
    )
    teacher = models.ForeignKey(
        "school.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("teacher")
    )
    inspector = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    total_percent = models.DecimalField(_("weighted score (%)"), max_digits=5, decimal_places=1)
    scores = models.JSONField(_("item scores"), default=dict)  # item name → [score, comment]
    problems = models.TextField(_("problems found"), blank=True)

    class Meta:
        verbose_name = _("self-check result")
        verbose_name_plural = _("self-check results")
        ordering = ["round", "teacher", "inspector"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "teacher", "inspector"], name="one_self_check_per_inspector"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.teacher} · {self.inspector}"
