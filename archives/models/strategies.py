"""The strategy library (帮扶策略库): the support measures a plan chooses from.

A strategy is what the school calls a support measure (``SupportMeasure``, the table
kept from the first version): its name is the title; the library adds what to do in
steps, which causes and types it suits, subjects, grade band, the typical dose, its
author and the evidence it rests on. Teachers propose; the subject's academic director
approves (``archives.strategy_services``). The school's own evidence for it is counted
from closed cases whose plans used it (``archives.strategy_evidence``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .cases import SupportCase

# The measures the school starts with (students' migration 0004), shown in the reader's
# language; a measure the school named itself is shown as written.
DEFAULT_MEASURE_LABELS = {
    "一对一辅导": pgettext_lazy("measure", "One-to-one tutoring"),
    "分层作业": pgettext_lazy("measure", "Tiered homework"),
    "同伴互助": pgettext_lazy("measure", "Peer support"),
    "课后答疑": pgettext_lazy("measure", "Questions after class"),
    "家校合作": pgettext_lazy("measure", "Home–school cooperation"),
    "面批面改": pgettext_lazy("measure", "Face-to-face marking"),
    "个性化评语": pgettext_lazy("measure", "Personalised comments"),
    "课后服务辅导组": pgettext_lazy("measure", "After-school support group"),
}


class SupportMeasureQuerySet(models.QuerySet):
    def approved(self) -> SupportMeasureQuerySet:
        """In the library: approved and in use."""
        return self.filter(status=SupportMeasure.Status.APPROVED, is_active=True)

    def visible_to(self, scope) -> SupportMeasureQuerySet:
        """The library is school-wide; a proposal is seen by its author, the directors of
        its subjects (any director when it names none) and school leaders."""
        if not scope.is_authenticated:
            return self.none()
        if scope.is_school_leader:
            return self
        q = Q(status=SupportMeasure.Status.APPROVED) | Q(author=scope.user)
        if scope.directed_subject_ids:
            q |= Q(subjects__in=scope.directed_subject_ids) | Q(subjects__isnull=True)
        ids = self.filter(q).values("pk")
        return self.filter(pk__in=ids)


class SupportMeasure(models.Model):
    """A strategy of the library (帮扶策略); plans name the ones they use (CaseMeasure)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("In the library")
        REJECTED = "rejected", _("Not taken")

    class EvidenceKind(models.TextChoices):
        PRACTICE = "practice", _("School practice")  # 校内实践
        RESEARCH = "research", _("Teaching-research result")  # 教研成果
        LITERATURE = "literature", _("Supported by literature")  # 文献支持

    name = models.CharField(_("strategy"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    summary = models.CharField(_("short description"), max_length=300, blank=True)
    steps = models.TextField(_("what to do, step by step"), max_length=3000, blank=True)
    causes = models.JSONField(
        _("suits the causes"), default=list, blank=True, help_text=_("Empty: any cause.")
    )
    types = models.JSONField(
        _("suits the types"), default=list, blank=True, help_text=_("Empty: any type.")
    )
    subjects = models.ManyToManyField(
        "school.Subject",
        blank=True,
        related_name="+",
        verbose_name=_("subjects"),
        help_text=_("Empty: every subject."),
    )
    grade_from = models.PositiveSmallIntegerField(_("from grade"), null=True, blank=True)
    grade_to = models.PositiveSmallIntegerField(_("to grade"), null=True, blank=True)
    sessions_per_week = models.PositiveSmallIntegerField(
        _("sessions per week"), null=True, blank=True
    )
    minutes = models.PositiveSmallIntegerField(_("minutes a session"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), max_length=2000, blank=True)
    evidence_kind = models.CharField(
        _("kind of evidence"), max_length=12, choices=EvidenceKind.choices, blank=True
    )
    author = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPROVED
    )
    reviewed_by = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords(table_name="students_historicalsupportmeasure")
    objects = SupportMeasureQuerySet.as_manager()

    class Meta:
        db_table = "students_supportmeasure"
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grade_from__isnull=True)
                | Q(grade_to__isnull=True)
                | Q(grade_from__lte=models.F("grade_to")),
                name="strategy_grades_in_order",
                violation_error_message=_("The grade band must start at or below its end."),
            ),
            models.CheckConstraint(
                condition=Q(grade_from__isnull=True) | Q(grade_from__gte=1, grade_from__lte=9),
                name="strategy_grade_from_1_to_9",
                violation_error_message=_("Grades are 1 to 9."),
            ),
            models.CheckConstraint(
                condition=Q(grade_to__isnull=True) | Q(grade_to__gte=1, grade_to__lte=9),
                name="strategy_grade_to_1_to_9",
                violation_error_message=_("Grades are 1 to 9."),
            ),
        ]

    def __str__(self) -> str:
        if self.name in DEFAULT_MEASURE_LABELS:
            return str(DEFAULT_MEASURE_LABELS[self.name])
        from core.text import shown_text  # the strategy library's seeded names

        return shown_text(self.name)

    @property
    def cause_labels(self) -> list[str]:
        return [str(SupportCase.Cause(c).label) for c in self.causes if c in SupportCase.Cause]

    @property
    def type_labels(self) -> list[str]:
        return [str(SupportCase.Type(t).label) for t in self.types if t in SupportCase.Type]

    def suits(self, case: SupportCase, subject_ids: set[int] | None = None) -> bool:
        """Whether the strategy fits the case's causes, type, subject and grade.

        ``subject_ids``: the strategy's subjects, when prefetched (empty = every subject).
        """
        wanted = set(self.causes)
        has = {
            c
            for c, on in (
                (SupportCase.Cause.WEAK_FOUNDATION, case.cause_weak_foundation),
                (SupportCase.Cause.ATTITUDE, case.cause_attitude),
            )
            if on
        }
        if wanted and not wanted & has:
            return False
        if self.types and case.difficulty_type not in self.types:
            return False
        if subject_ids is None:
            subject_ids = {s.pk for s in self.subjects.all()}
        if subject_ids and case.subject_id not in subject_ids:
            return False
        level = case.student.school_class.grade.level
        if self.grade_from and level < self.grade_from:
            return False
        return not (self.grade_to and level > self.grade_to)
