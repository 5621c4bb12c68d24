"""The progress archive (学困生进步档案) of a support case: student × subject × term.

Its own entries are observations, one-to-one tutoring, case discussions among the
student's teachers and periodic summaries. Other apps add entries to the same
timeline through their ``timeline.py`` (see core/plugins.py).
"""

from __future__ import annotations

from typing import Self

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from school.models import today


class CorrectableQuerySet(models.QuerySet):
    def alive(self) -> Self:
        """Not withdrawn: what timelines, counts, evidence and exports read."""
        return self.filter(deleted_at__isnull=True)


class Correctable(models.Model):
    """An entry its author (or a school leader) may correct, withdraw and restore.

    Withdrawal is soft (``deleted_at``/``deleted_by``, as observations had first);
    ``corrected_at`` marks an entry changed after it was made ("已更正"); the
    before/after of every change is in its django-simple-history records.
    """

    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("deleted by"),
    )

    # The field naming who wrote the entry: its author may correct it.
    author_field = "author"

    class Meta:
        abstract = True

    @property
    def author_id_of_entry(self) -> int | None:
        return getattr(self, f"{self.author_field}_id")

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class CaseEntryQuerySet(CorrectableQuerySet):
    """An archive's entries: visible where their case is (class × subject in the scope)."""

    def visible_to(self, scope) -> models.QuerySet:
        qs = self.select_related("case__student__school_class", "case__subject")
        return scope.records(
            qs, class_field="case__student__school_class", subject_field="case__subject"
        )


ObservationQuerySet = CaseEntryQuerySet


class Observation(Correctable):
    class Kind(models.TextChoices):
        CLASSROOM = "classroom", _("Classroom performance")
        HOMEWORK = "homework", _("Homework performance")
        TEST = "test", _("Test or quiz")
        ATTITUDE = "attitude", _("Attitude and behaviour")

    case = models.ForeignKey(
        "archives.SupportCase",
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("case"),
    )
    date = models.DateField(_("date"), default=today)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, help_text=_("1 (poor) to 5 (very good)")
    )
    score_percent = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    note = models.TextField(_("note"), max_length=1000, blank=True)
    author = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["case", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="observation_rating_1_to_5",
                violation_error_message=_("The rating is from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(score_percent__isnull=True)
                | Q(score_percent__gte=0, score_percent__lte=100),
                name="observation_score_0_to_100",
                violation_error_message=_("The score is a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=False) | Q(score_percent__isnull=False) | ~Q(note=""),
                name="observation_not_empty",
                violation_error_message=_("Give a rating, a score or a note."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class TutoringSession(Correctable):
    """A one-to-one tutoring session (一对一辅导)."""

    DEFAULT_MINUTES = 20

    case = models.ForeignKey(
        "archives.SupportCase",
        on_delete=models.CASCADE,
        related_name="tutoring_sessions",
        verbose_name=_("case"),
    )
    date = models.DateField(_("date"), default=today)
    content = models.TextField(_("content"), max_length=1000)
    result = models.TextField(_("result"), max_length=1000, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    # Empty on sessions recorded before minutes were asked: they count as planned (落实率).
    minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)
    author = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    objects = CaseEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("tutoring session")
        verbose_name_plural = _("tutoring sessions")
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="tutoring_rating_1_to_5",
                violation_error_message=_("The rating is from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__gte=1, minutes__lte=240),
                name="tutoring_minutes_1_to_240",
                violation_error_message=_("A session lasts 1 to 240 minutes."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.content[:30]}"


class CaseDiscussion(Correctable):
    """The student's teachers pooling ideas (集思广益), with agreed actions."""

    case = models.ForeignKey(
        "archives.SupportCase",
        on_delete=models.CASCADE,
        related_name="discussions",
        verbose_name=_("case"),
    )
    date = models.DateField(_("date"), default=today)
    participants = models.ManyToManyField(
        "school.User", related_name="+", verbose_name=_("participants")
    )
    ideas = models.TextField(_("ideas"), max_length=3000)
    author = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords(m2m_fields=[participants])

    objects = CaseEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("case discussion")
        verbose_name_plural = _("case discussions")
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.date} {self.ideas[:30]}"


class AgreedActionQuerySet(models.QuerySet):
    def visible_to(self, scope) -> AgreedActionQuerySet:
        """Actions follow their case: visible where the case's class × subject is."""
        qs = self.select_related(
            "discussion__case__student__school_class", "discussion__case__subject", "owner"
        )
        return scope.records(
            qs,
            class_field="discussion__case__student__school_class",
            subject_field="discussion__case__subject",
        )

    def alive(self) -> Self:
        """Of a discussion that was not withdrawn."""
        return self.filter(discussion__deleted_at__isnull=True)

    def open(self) -> Self:
        """Not marked done, and not reviewed as done at a later discussion."""
        return self.alive().filter(done_on__isnull=True).exclude(review=AgreedAction.Review.DONE)

    def due_by(self, day) -> Self:
        return self.open().filter(due_on__lte=day)


class AgreedAction(models.Model):
    """An action a discussion agreed on: its owner marks it done with a one-line result,
    and the next discussion reviews it."""

    class Review(models.TextChoices):
        OPEN = "", _("Not reviewed yet")
        DONE = "done", _("Done")
        PARTLY = "partly", _("Partly done")
        NOT_DONE = "not_done", _("Not done")

    discussion = models.ForeignKey(
        CaseDiscussion,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("discussion"),
    )
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due date"))
    review = models.CharField(
        _("review"), max_length=10, choices=Review.choices, blank=True, default=""
    )
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    reviewed_at = models.ForeignKey(
        CaseDiscussion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_actions",
        verbose_name=_("reviewed at"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked done by"),
    )
    result = models.CharField(_("result"), max_length=200, blank=True)
    result_note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords()
    objects = AgreedActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreed action")
        verbose_name_plural = _("agreed actions")
        ordering = ["discussion", "due_on", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_done(self) -> bool:
        return self.done_on is not None or self.review == self.Review.DONE

    def is_overdue(self, as_of=None) -> bool:
        return not self.is_done and self.due_on < (as_of or today())


class ArchiveSummary(Correctable):
    """A periodic summary by the responsible teacher (the teacher's evaluation)."""

    case = models.ForeignKey(
        "archives.SupportCase",
        on_delete=models.CASCADE,
        related_name="summaries",
        verbose_name=_("case"),
    )
    date = models.DateField(_("date"), default=today)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    text = models.TextField(_("summary"), max_length=3000)
    author = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    objects = CaseEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("summary")
        verbose_name_plural = _("summaries")
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lte=models.F("period_end")),
                name="summary_period_in_order",
                violation_error_message=_("The period must start before it ends."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.text[:30]}"
