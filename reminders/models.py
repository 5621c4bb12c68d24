"""Reminders: what the daily scan tells each user, once, and how they want to hear it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from school.models import User
    from school.scoping import Scope


class ReminderQuerySet(models.QuerySet["Reminder"]):
    def for_user(self, user: User) -> ReminderQuerySet:
        return self.filter(user=user)

    def visible_to(self, scope: Scope) -> ReminderQuerySet:
        """A reminder belongs to its recipient alone; anyone else's is a 404."""
        return self.for_user(scope.user)

    def unread(self) -> ReminderQuerySet:
        return self.filter(read_at__isnull=True)

    def shown(self) -> ReminderQuerySet:
        """What the inbox lists: not the items a daily digest stands for."""
        return self.filter(in_digest=False)


class Reminder(models.Model):
    """One thing one user should know; (user, kind, key) is never sent twice."""

    class Kind(models.TextChoices):
        REVIEW_DUE = "review_due", _("Review approaching")
        INSPECTION_DUE = "inspection_due", _("Inspection due")
        HOME_VISIT_OVERDUE = "home_visit_overdue", _("Home visit overdue")
        ARCHIVE_STALE = "archive_stale", _("Stale archive")
        HOMEWORK_OVER_LIMIT = "homework_over_limit", _("Homework over the limit")
        ACTION_DUE = "action_due", _("Agreed actions due")
        DIGEST = "digest", _("Daily digest")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    key = models.CharField(
        _("key"), max_length=200, help_text=_("What makes this reminder unique for its kind.")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_wanted = models.BooleanField(_("send by email"), default=False)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    # An item of a daily digest: recorded (never sent twice) but shown through the digest.
    in_digest = models.BooleanField(_("in the daily digest"), default=False)
    # The title and body as English msgids and their parameters, translated when shown
    # (``title``/``body`` keep the text in the school's language, for search and fallback).
    title_text = models.CharField(_("title (message)"), max_length=300, blank=True)
    body_text = models.TextField(_("body (message)"), blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key"],
                name="reminder_once_per_user_kind_key",
                violation_error_message=_("This reminder has already been sent to this user."),
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="reminder_user_unread")]

    def __str__(self) -> str:
        return self.shown_title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def is_digest(self) -> bool:
        return self.kind == self.Kind.DIGEST

    @property
    def shown_title(self) -> str:
        """The title in the reader's language: a digest's is written when it is shown."""
        if self.is_digest:
            day = timezone.localtime(self.created_at).date()
            return str(_("Daily digest of %(day)s")) % {"day": day.isoformat()}
        return self._render(self.title_text) or self.title

    @property
    def shown_body(self) -> str:
        return self._render(self.body_text) or self.body

    def _render(self, message: str) -> str:
        """A stored msgid in the reader's language; "" when there is none or it breaks."""
        if not message:
            return ""
        from core.text import render

        try:
            # The parameters may be messages themselves (core.text.stored): lines, labels.
            return render({"msgid": message, "params": self.params or {}})
        except (KeyError, TypeError, ValueError, AttributeError):
            return ""

    @property
    def kind_label(self) -> str:
        return str(dict(self.Kind.choices).get(self.kind, self.kind))


class ReminderPreference(models.Model):
    """How one user wants one kind of reminder; no row means the default (inbox and email)."""

    class Delivery(models.TextChoices):
        OFF = "off", _("Do not remind me")
        INBOX = "inbox", _("Inbox only")
        INBOX_AND_EMAIL = "email", _("Inbox and email")

    DEFAULT = Delivery.INBOX_AND_EMAIL

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Reminder.Kind.choices)
    delivery = models.CharField(
        _("delivery"), max_length=8, choices=Delivery.choices, default=DEFAULT
    )

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_user_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()} · {self.get_delivery_display()}"


class ReminderMode(models.Model):
    """Whether a user hears of each reminder as it comes, or once a day in a digest."""

    class Mode(models.TextChoices):
        DIGEST = "digest", _("One daily digest (in the inbox, and at most one email a day)")
        IMMEDIATE = "immediate", _("Each reminder on its own, as it comes")

    DEFAULT = Mode.DIGEST

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_mode",
        verbose_name=_("user"),
    )
    mode = models.CharField(_("how reminders come"), max_length=10, choices=Mode.choices)

    class Meta:
        verbose_name = _("reminder mode")
        verbose_name_plural = _("reminder modes")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_mode_display()}"


class ScanRun(models.Model):
    """A day's reminder scan: when it ran and what it did (also the in-process fallback's mark)."""

    day = models.DateField(_("day"), unique=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created = models.PositiveIntegerField(_("reminders created"), default=0)
    failures = models.PositiveIntegerField(_("failures"), default=0)

    class Meta:
        verbose_name = _("reminder scan")
        verbose_name_plural = _("reminder scans")
        ordering = ["-day"]

    def __str__(self) -> str:
        return str(self.day)
