"""Progress monitoring (workflow 11): measures, a goal's monitoring, probes and planned dose.

The arithmetic is ``archives/monitoring.py``; gathering the points and the delivered dose
from every app is ``archives/monitoring_data.py``.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from school.models import today

from .entries import CaseEntryQuerySet, Correctable


class MonitoringMeasure(models.Model):
    """A measure progress is monitored by (口算 1 分钟正确题数, 听写正确率 …); the school edits the list."""

    class Source(models.TextChoices):
        PROBE = "probe", _("Probes only")
        OBSERVATION_RATING = "observation_rating", _("Observation ratings (1–5)")
        OBSERVATION_SCORE = "observation_score", _("Observation scores (%)")
        EVALUATION = "evaluation", _("Evaluation results (%)")
        HOMEWORK = "homework", _("Homework handed in (%), per week")

    name = models.CharField(_("measure"), max_length=60, unique=True)
    unit = models.CharField(
        _("unit"), max_length=20, blank=True, help_text=_("e.g. items, %, characters a minute …")
    )
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    min_value = models.DecimalField(
        _("lowest sensible value"), max_digits=7, decimal_places=1, default=Decimal(0)
    )
    max_value = models.DecimalField(
        _("highest sensible value"), max_digits=7, decimal_places=1, default=Decimal(100)
    )
    frequency_days = models.PositiveSmallIntegerField(
        _("suggested frequency (days)"), default=7, help_text=_("7 = weekly")
    )
    source = models.CharField(
        _("points also come from"),
        max_length=20,
        choices=Source.choices,
        default=Source.PROBE,
        help_text=_("Probes can always be recorded; this adds points from existing records."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("monitoring measure")
        verbose_name_plural = _("monitoring measures")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__lt=F("max_value")),
                name="monitoring_measure_range_in_order",
                violation_error_message=_("The lowest value must be below the highest."),
            ),
            models.CheckConstraint(
                condition=Q(frequency_days__gte=1, frequency_days__lte=120),
                name="monitoring_measure_frequency_1_to_120",
                violation_error_message=_("The frequency is from 1 to 120 days."),
            ),
        ]

    @property
    def shown_name(self) -> str:
        """The name in the reader's language while it is the seeded one (archives/seeded_texts.py)."""
        from core.text import shown_text

        return shown_text(self.name)

    @property
    def shown_unit(self) -> str:
        """The unit as written after a value: "12题", "12 items"."""
        from core.text import shown_text

        return shown_text(self.unit)

    @property
    def unit_label(self) -> str:
        """The unit on its own: "题", "items"."""
        return self.shown_unit.strip()

    def __str__(self) -> str:
        if not self.unit:
            return self.shown_name
        return _("%(name)s (%(unit)s)") % {"name": self.shown_name, "unit": self.unit_label}


class MonitoringSettings(models.Model):
    """The school's decision rule and fidelity bar: one row (absent = the defaults)."""

    class Rule(models.TextChoices):
        FOUR_POINT = "four_point", _("Consecutive points against the goal line")
        TREND = "trend", _("Trend against the goal line")

    rule = models.CharField(
        _("decision rule"), max_length=12, choices=Rule.choices, default=Rule.FOUR_POINT
    )
    rule_points = models.PositiveSmallIntegerField(
        _("points the rule looks at"), default=4, help_text=_("3 to 8; 4 is usual")
    )
    fidelity_bar = models.PositiveSmallIntegerField(
        _("fidelity bar (%)"),
        default=80,
        help_text=_("Below it, the decision is to deliver the plan first."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monitoring settings")
        verbose_name_plural = _("monitoring settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(rule_points__gte=3, rule_points__lte=8),
                name="monitoring_rule_points_3_to_8",
                violation_error_message=_("The rule looks at 3 to 8 points."),
            ),
            models.CheckConstraint(
                condition=Q(fidelity_bar__gte=1, fidelity_bar__lte=100),
                name="monitoring_fidelity_bar_1_to_100",
                violation_error_message=_("The fidelity bar is from 1 to 100%%."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("monitoring settings"))

    @classmethod
    def current(cls) -> MonitoringSettings:
        return cls.objects.order_by("pk").first() or cls()


class GoalMonitor(models.Model):
    """How a staged goal is monitored: its measure, phase start, baseline and goal.

    Each monitored step is a phase of the chart, from ``starts_on`` to the next one's.
    The goal is a value, or a weekly rate of improvement from the baseline.
    """

    goal = models.OneToOneField(
        "archives.SupportGoal",
        on_delete=models.CASCADE,
        related_name="monitor",
        verbose_name=_("staged goal"),
    )
    measure = models.ForeignKey(
        MonitoringMeasure, on_delete=models.PROTECT, related_name="+", verbose_name=_("measure")
    )
    starts_on = models.DateField(_("phase starts on"), default=today)
    goal_value = models.DecimalField(
        _("goal value"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    weekly_rate = models.DecimalField(
        _("improvement a week"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    # ISO dates of the points the baseline is the median of; empty = the first three.
    baseline_dates = models.JSONField(_("baseline points"), default=list, blank=True)
    updated_by = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("updated by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal monitoring")
        verbose_name_plural = _("goal monitoring")
        ordering = ["goal__case", "starts_on", "goal__step"]
        constraints = [
            models.CheckConstraint(
                condition=Q(goal_value__isnull=False) | Q(weekly_rate__isnull=False),
                name="goal_monitor_has_goal_or_rate",
                violation_error_message=_("Give a goal value or a weekly improvement."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal} · {self.measure}"


class ProbePoint(Correctable):
    """One probe (e.g. this week's 1-minute 口算): a value of a measure for a case."""

    case = models.ForeignKey(
        "archives.SupportCase",
        on_delete=models.CASCADE,
        related_name="probes",
        verbose_name=_("case"),
    )
    measure = models.ForeignKey(
        MonitoringMeasure, on_delete=models.PROTECT, related_name="+", verbose_name=_("measure")
    )
    date = models.DateField(_("date"), default=today)
    value = models.DecimalField(_("value"), max_digits=7, decimal_places=1)
    note = models.CharField(_("note"), max_length=200, blank=True)
    author = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = CaseEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("probe")
        verbose_name_plural = _("probes")
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["case", "measure", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.measure.name} {self.value}"


class PlannedDose(models.Model):
    """The dose a case's plan promises for one kind of support: sessions a week and minutes."""

    class Kind(models.TextChoices):
        TUTORING = "tutoring", _("One-to-one tutoring")
        AFTERSCHOOL = "afterschool", _("After-school group")
        PEER = "peer", _("Peer tutoring")
        FACE_TO_FACE = "face_to_face", _("Face-to-face marking")

    case = models.ForeignKey(
        "archives.SupportCase",
        on_delete=models.CASCADE,
        related_name="doses",
        verbose_name=_("case"),
    )
    kind = models.CharField(_("support"), max_length=20, choices=Kind.choices)
    sessions_per_week = models.DecimalField(_("sessions a week"), max_digits=3, decimal_places=1)
    minutes_per_session = models.PositiveSmallIntegerField(
        _("minutes a session"), null=True, blank=True
    )
    since = models.DateField(_("since"), default=today)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planned dose")
        verbose_name_plural = _("planned doses")
        ordering = ["case", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="one_dose_per_case_kind"),
            models.CheckConstraint(
                condition=Q(sessions_per_week__gt=0, sessions_per_week__lte=14),
                name="dose_sessions_0_to_14",
                violation_error_message=_("Sessions a week are more than 0 and at most 14."),
            ),
            models.CheckConstraint(
                condition=Q(minutes_per_session__isnull=True)
                | Q(minutes_per_session__gte=1, minutes_per_session__lte=240),
                name="dose_minutes_1_to_240",
                violation_error_message=_("Minutes a session are from 1 to 240."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} × {self.sessions_per_week}"
