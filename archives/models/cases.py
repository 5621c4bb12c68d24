"""Support cases (学困生): identification, cause analysis, status history and the plan.

The tables keep their historical ``students_*`` names: the models moved from the
students app without moving a row (see migrations 0002 of archives, 0007 of students).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import F
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


# The entries that keep an archive alive: live (not withdrawn) observations, tutoring
# sessions, case discussions, summaries and probe points. ``SupportCase.latest_entry_on``
# holds the newest date among them (``refresh_latest_entries``, kept by signals).
ENTRY_MODELS = (Observation, TutoringSession, CaseDiscussion, ArchiveSummary, ProbePoint)


def refresh_latest_entries(case_ids: Iterable[int] | None = None) -> None:
    """Recompute ``latest_entry_on`` of these cases (``None``: every case) in one UPDATE."""
    from django.db import connection

    qn = connection.ops.quote_name
    table = qn(SupportCase._meta.db_table)
    branches = " UNION ALL ".join(
        f"SELECT MAX({qn('date')}) AS d FROM {qn(m._meta.db_table)} "
        f"WHERE {qn('case_id')} = {table}.{qn('id')} AND {qn('deleted_at')} IS NULL"
        for m in ENTRY_MODELS
    )
    sql = f"UPDATE {table} SET {qn('latest_entry_on')} = (SELECT MAX(d) FROM ({branches}) AS e)"
    with connection.cursor() as cursor:
        if case_ids is None:
            cursor.execute(sql)
            return
        ids = sorted(set(case_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"{sql} WHERE {qn('id')} IN ({marks})", chunk)


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
        """Annotate ``last_entry_on``: the newest live entry or the identification day.

        Whichever is later; read from the maintained ``latest_entry_on`` column, so it costs
        nothing per case (docs/performance.md, fix 5).
        """
        if "last_entry_on" in self.query.annotations:
            return self
        return self.annotate(
            last_entry_on=Greatest(
                F("identified_on"), Coalesce(F("latest_entry_on"), F("identified_on"))
            )
        )

    def stale(self, *, as_of: datetime.date | None = None) -> SupportCaseQuerySet:
        """Open cases whose archive has had no entry for ARCHIVE_STALE_DAYS before ``as_of``."""
        return self.open().with_last_entry().filter(stale_q(as_of))

    def fresh(self, *, as_of: datetime.date | None = None) -> SupportCaseQuerySet:
        """Every case that is not stale (closed and improved cases are never stale)."""
        return self.with_last_entry().exclude(stale_q(as_of), status__in=SupportCase.OPEN_STATUSES)

    def refresh_latest_entries(self) -> None:
        """Recompute the maintained newest-entry date of these cases (after bulk writes)."""
        refresh_latest_entries(self.values_list("pk", flat=True))


def stale_q(as_of: datetime.date | None = None) -> models.Q:
    """Of an open case: stale (as ``last_entry_on < cutoff``, on plain columns)."""
    cutoff = stale_cutoff(as_of)
    return models.Q(identified_on__lt=cutoff) & (
        models.Q(latest_entry_on__isnull=True) | models.Q(latest_entry_on__lt=cutoff)
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
    # The newest date among the case's live entries (ENTRY_MODELS), NULL if none: kept by
    # ``refresh_latest_entries`` on every save and delete of an entry (archives/apps.py),
    # never by the case's own saves (``save`` leaves it out), not in the case's history.
    latest_entry_on = models.DateField(_("latest entry on"), null=True, blank=True, editable=False)

    history = HistoricalRecords(
        m2m_fields=[responsible_teachers],
        table_name="students_historicalsupportcase",
        excluded_fields=["latest_entry_on"],
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
        return f"{self.student.shown_name} · {self.subject} · {self.term}"

    def save(self, *args, **kwargs) -> None:
        # A case loaded before an entry was written must not put the older date back.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "latest_entry_on"
            ]
        super().save(*args, **kwargs)

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
