"""Support cases (学困生): identification, cause analysis, status history and the plan.

The tables keep their historical ``students_*`` names: the models moved from the
students app without moving a row (see migrations 0002 of archives, 0007 of students).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import DateField, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.locking import version_field
from school.models import today
from students.models import Student

from .entries import (
    ArchiveSummary,
    CaseDiscussion,
    CaseEntryQuerySet,
    Observation,
    TutoringSession,
)
from .monitoring import ProbePoint


def stale_cutoff(as_of: datetime.date | None = None) -> datetime.date:
    """An archive whose last entry is before this day is stale."""
    return (as_of or today()) - datetime.timedelta(days=settings.ARCHIVE_STALE_DAYS)


def _latest(model, **extra) -> Coalesce:
    qs = model.objects.filter(case=OuterRef("pk"), **extra).order_by("-date").values("date")[:1]
    return Coalesce(Subquery(qs, output_field=DateField()), F("identified_on"))


class SupportCaseQuerySet(models.QuerySet):
    def visible_to(self, scope) -> SupportCaseQuerySet:
        """The cases whose class × subject is in ``scope`` (a ``school.scoping.Scope``), any term.

        Writing is not narrower: whoever sees a case's class × subject may change it
        (``archives.rules.can_change_case``).
        """
        qs = self.select_related("student__school_class__grade", "subject", "term")
        return scope.records(qs)

    def open(self) -> SupportCaseQuerySet:
        return self.filter(status__in=SupportCase.OPEN_STATUSES)

    def for_term(self, term) -> SupportCaseQuerySet:
        return self.filter(term=term)

    def with_last_entry(self) -> SupportCaseQuerySet:
        """Annotate ``last_entry_on``: the newest entry, or the identification day if none."""
        if "last_entry_on" in self.query.annotations:
            return self
        return self.annotate(
            last_entry_on=Greatest(
                _latest(Observation, deleted_at__isnull=True),
                _latest(TutoringSession, deleted_at__isnull=True),
                _latest(CaseDiscussion, deleted_at__isnull=True),
                _latest(ArchiveSummary, deleted_at__isnull=True),
                _latest(ProbePoint, deleted_at__isnull=True),
            )
        )

    def stale(self, *, as_of: datetime.date | None = None) -> SupportCaseQuerySet:
        """Open cases whose archive has had no entry for ARCHIVE_STALE_DAYS before ``as_of``."""
        return self.open().with_last_entry().filter(last_entry_on__lt=stale_cutoff(as_of))

    def fresh(self, *, as_of: datetime.date | None = None) -> SupportCaseQuerySet:
        """Every case that is not stale (closed and improved cases are never stale)."""
        return self.with_last_entry().exclude(
            last_entry_on__lt=stale_cutoff(as_of), status__in=SupportCase.OPEN_STATUSES
        )


class SupportCase(models.Model):
    """A student identified as struggling (学困生) in one subject for one term.

    Core contract other apps rely on: student, subject, term, status and
    ``SupportCase.objects.open()`` / ``.stale(as_of=...)``. The identification
    details, status history and the support plan hang off it.
    """

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("Identified")
        IN_SUPPORT = "in_support", _("In support")
        IMPROVED = "improved", _("Improved")
        CLOSED = "closed", _("Closed")

    OPEN_STATUSES = (Status.IDENTIFIED, Status.IN_SUPPORT)

    class Type(models.TextChoices):
        WEAK_FOUNDATION = "weak_foundation", _("Weak foundation")
        LOST_INTEREST = "lost_interest", _("Lost interest")
        PSYCHOLOGICAL_PRESSURE = "psychological_pressure", _("Psychological pressure")
        POOR_STUDY_METHOD = "poor_study_method", _("Poor study method")

    class Cause(models.TextChoices):
        # The primary causes (学习基础薄弱, 学习态度问题), not the type 基础薄弱型.
        WEAK_FOUNDATION = "weak_foundation", _("Weak learning foundation")
        ATTITUDE = "attitude", _("Attitude problem")

    class ClosureReason(models.TextChoices):
        TRANSFERRED_OUT = "transferred_out", _("Transferred out")
        GRADUATED = "graduated", _("Graduated")
        OTHER = "other", _("Other")

    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="cases", verbose_name=_("student")
    )
    subject = models.ForeignKey(
        "school.Subject", on_delete=models.PROTECT, related_name="cases", verbose_name=_("subject")
    )
    term = models.ForeignKey(
        "school.Term", on_delete=models.PROTECT, related_name="cases", verbose_name=_("term")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IDENTIFIED
    )
    identified_on = models.DateField(_("identified on"), default=today)
    identified_by = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        related_name="identified_cases",
        verbose_name=_("identified by"),
    )
    responsible_teachers = models.ManyToManyField(
        "school.User",
        related_name="responsible_cases",
        blank=True,
        verbose_name=_("responsible teachers"),
        db_table="students_supportcase_responsible_teachers",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # ---- cause analysis (成因分析) ------------------------------------------------
    # Weak foundation is the commonest primary cause (seed 000); the identification
    # form always asks, the default only keeps older callers valid.
    cause_weak_foundation = models.BooleanField(_("weak foundation"), default=True)
    cause_attitude = models.BooleanField(_("attitude problem"), default=False)
    difficulty_type = models.CharField(
        _("type"), max_length=30, choices=Type.choices, blank=True, default=""
    )
    root_cause = models.TextField(_("root cause"), max_length=2000, blank=True)
    how_it_shows = models.TextField(_("how the difficulty shows"), max_length=2000, blank=True)
    closure_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    status_changed_on = models.DateField(_("status changed on"), default=today)
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("carried over from"),
    )
    # Optimistic locking of the support plan form (core.locking).
    plan_version = version_field()

    history = HistoricalRecords(
        m2m_fields=[responsible_teachers], table_name="students_historicalsupportcase"
    )

    objects = SupportCaseQuerySet.as_manager()

    class Meta:
        db_table = "students_supportcase"
        verbose_name = _("support case")
        verbose_name_plural = _("support cases")
        ordering = [
            "student__school_class__grade__level",
            "student__student_number",
            "subject__order",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "subject", "term"],
                condition=models.Q(status__in=["identified", "in_support"]),
                name="one_open_case_per_student_subject_term",
                violation_error_message=_(
                    "This student already has an open case in this subject for this term."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(cause_weak_foundation=True) | models.Q(cause_attitude=True),
                name="case_has_a_primary_cause",
                violation_error_message=_(
                    "Choose at least one primary cause: weak foundation or attitude problem."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(status="closed") | models.Q(closure_reason=""),
                name="closure_reason_only_when_closed",
                violation_error_message=_("Only a closed case has a reason for closing."),
            ),
        ]
        indexes = [models.Index(fields=["term", "status"])]

    def __str__(self) -> str:
        return f"{self.student.name} · {self.subject} · {self.term}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def status_badge(self) -> str:
        """The Bootstrap badge class that colours the status."""
        badges: dict[str, str] = {
            self.Status.IDENTIFIED: "text-bg-danger",
            self.Status.IN_SUPPORT: "text-bg-primary",
            self.Status.IMPROVED: "text-bg-success",
        }
        return badges.get(self.status, "text-bg-secondary")

    def is_stale(self, *, as_of: datetime.date | None = None) -> bool:
        """For a case annotated by ``SupportCaseQuerySet.with_last_entry()``."""
        last_entry_on: datetime.date = getattr(self, "last_entry_on")  # noqa: B009  (an annotation)
        return self.is_open and last_entry_on < stale_cutoff(as_of)

    @property
    def causes(self) -> list[str]:
        names = []
        if self.cause_weak_foundation:
            names.append(str(self.Cause.WEAK_FOUNDATION.label))
        if self.cause_attitude:
            names.append(str(self.Cause.ATTITUDE.label))
        return names


class CaseEvidence(models.Model):
    """What the identification rests on: a report, test results, daily observation…"""

    class Source(models.TextChoices):
        GREEN_REPORT = "green_report", _("Green-indicator assessment report")
        TEST_RESULTS = "test_results", _("Test results")
        OBSERVATION = "observation", _("Daily observation")
        OTHER = "other", _("Other")

    case = models.ForeignKey(
        SupportCase, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("case")
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    score = models.CharField(_("score or level"), max_length=30, blank=True)

    history = HistoricalRecords(table_name="students_historicalcaseevidence")

    class Meta:
        db_table = "students_caseevidence"
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["case", "source"]
        constraints = [
            models.UniqueConstraint(fields=["case", "source"], name="one_evidence_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.note or self.score}"


class CaseStatusChange(models.Model):
    """One dated step of a case's status: who decided, and why."""

    case = models.ForeignKey(
        SupportCase,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("case"),
    )
    from_status = models.CharField(
        _("status before"), max_length=20, choices=SupportCase.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("status after"), max_length=20, choices=SupportCase.Status.choices
    )
    changed_on = models.DateField(_("date"), default=today)
    changed_by = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "students_casestatuschange"
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["case", "changed_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_status} → {self.to_status}"


class CaseMeasure(models.Model):
    """A measure a case receives, since when: one row of the support roster."""

    case = models.ForeignKey(
        SupportCase, on_delete=models.CASCADE, related_name="measures", verbose_name=_("case")
    )
    measure = models.ForeignKey(
        "archives.SupportMeasure",
        on_delete=models.PROTECT,
        related_name="case_rows",
        verbose_name=_("measure"),
    )
    since = models.DateField(_("since"), default=today)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords(table_name="students_historicalcasemeasure")

    objects = CaseEntryQuerySet.as_manager()

    class Meta:
        db_table = "students_casemeasure"
        verbose_name = _("case measure")
        verbose_name_plural = _("case measures")
        ordering = ["case", "measure__order"]
        constraints = [
            models.UniqueConstraint(fields=["case", "measure"], name="one_row_per_case_measure")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.measure}"


class SupportGoal(models.Model):
    """A staged goal of the support plan (lower the goal, raise it, master methods…)."""

    class Outcome(models.TextChoices):
        PENDING = "", _("Pending")
        MET = "met", _("Met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")

    case = models.ForeignKey(
        SupportCase, on_delete=models.CASCADE, related_name="goals", verbose_name=_("case")
    )
    step = models.PositiveSmallIntegerField(_("step"))
    description = models.CharField(_("description"), max_length=300)
    target = models.CharField(_("target"), max_length=300, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, blank=True, default=""
    )
    outcome_note = models.CharField(_("outcome note"), max_length=300, blank=True)

    history = HistoricalRecords(table_name="students_historicalsupportgoal")

    class Meta:
        db_table = "students_supportgoal"
        verbose_name = _("staged goal")
        verbose_name_plural = _("staged goals")
        ordering = ["case", "step"]
        constraints = [
            models.UniqueConstraint(fields=["case", "step"], name="one_goal_per_step"),
            models.CheckConstraint(condition=models.Q(step__gte=1), name="goal_step_from_1"),
        ]

    def __str__(self) -> str:
        return f"{self.step}. {self.description}"
