"""The 关注 list: students a teacher watches in a subject before (or without) identifying them.

A watched student has no support case, so their lesson notes are ``WatchNote`` rows, not
observations. When the student is identified in that subject and term, the notes become
the new case's observations (and its "daily observation" evidence), and the watch ends.
"""

from __future__ import annotations

from typing import Self

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from school.models import today

from .entries import Correctable, CorrectableQuerySet, Observation


class WatchQuerySet(models.QuerySet):
    def live(self) -> Self:
        """Still watched: not ended, either by hand or by the student's identification."""
        return self.filter(ended_at__isnull=True)

    def visible_to(self, scope) -> Self:
        return scope.records(
            self.select_related("student__school_class", "subject"),
            class_field="student__school_class",
            subject_field="subject",
        )


class Watch(models.Model):
    """One student watched in one subject for one term (关注名单)."""

    student = models.ForeignKey(
        "students.Student",
        on_delete=models.CASCADE,
        related_name="watches",
        verbose_name=_("student"),
    )
    subject = models.ForeignKey(
        "school.Subject", on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    term = models.ForeignKey(
        "school.Term", on_delete=models.PROTECT, related_name="+", verbose_name=_("term")
    )
    added_by = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    # The case the student was identified with, which took over the notes.
    case = models.ForeignKey(
        "archives.SupportCase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )

    history = HistoricalRecords()
    objects = WatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("watched student")
        verbose_name_plural = _("watch list")
        ordering = ["student__student_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "subject", "term"],
                condition=Q(ended_at__isnull=True),
                name="one_live_watch_per_student_subject_term",
                violation_error_message=_("This student is already on the watch list."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.subject}"


class WatchNoteQuerySet(CorrectableQuerySet):
    def visible_to(self, scope) -> Self:
        return scope.records(
            self.select_related("watch__student__school_class", "watch__subject"),
            class_field="watch__student__school_class",
            subject_field="watch__subject",
        )


class WatchNote(Correctable):
    """A lesson note on a watched student: the fields of an observation, without a case."""

    watch = models.ForeignKey(
        Watch, on_delete=models.CASCADE, related_name="notes", verbose_name=_("watched student")
    )
    date = models.DateField(_("date"), default=today)
    kind = models.CharField(_("kind"), max_length=20, choices=Observation.Kind.choices)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, help_text=_("1 (poor) to 5 (very good)")
    )
    note = models.TextField(_("note"), max_length=1000, blank=True)
    author = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Set when the student was identified: the observation this note became.
    observation = models.OneToOneField(
        Observation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="from_watch_note",
        verbose_name=_("observation"),
    )

    history = HistoricalRecords()
    objects = WatchNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("watch note")
        verbose_name_plural = _("watch notes")
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["watch", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="watch_note_rating_1_to_5",
                violation_error_message=_("The rating is from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=False) | ~Q(note=""),
                name="watch_note_not_empty",
                violation_error_message=_("Give a rating or a note."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"

    @property
    def term(self):
        return self.watch.term
