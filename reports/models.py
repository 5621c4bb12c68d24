"""Background exports: one row per workbook a user asked for, until it expires."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from school.models import User
    from school.scoping import Scope


def export_path(job: ExportJob, filename: str) -> str:
    # A random name: the file is served only through the owner-checking view,
    # never from MEDIA_URL, and its name gives nothing away.
    return f"exports/{uuid.uuid4().hex}.xlsx"


def default_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=settings.EXPORT_RETENTION_HOURS)


class ExportJobQuerySet(models.QuerySet["ExportJob"]):
    def owned_by(self, user: User) -> ExportJobQuerySet:
        return self.filter(user=user)

    def visible_to(self, scope: Scope) -> ExportJobQuerySet:
        """An export belongs to whoever asked for it; anyone else's is a 404."""
        return self.owned_by(scope.user)

    def expired(self, now: datetime.datetime | None = None) -> ExportJobQuerySet:
        return self.filter(expires__lte=now or timezone.now())

    def stalled(self, now: datetime.datetime | None = None) -> models.QuerySet:
        """Queued or running jobs with no sign of life for EXPORT_STALL_MINUTES."""
        cutoff = (now or timezone.now()) - datetime.timedelta(minutes=settings.EXPORT_STALL_MINUTES)
        return self.filter(status__in=["queued", "running"]).filter(
            Q(heartbeat__lt=cutoff) | Q(heartbeat__isnull=True, created__lt=cutoff)
        )


class ExportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("requested by"),
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to=export_path, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    # Touched whenever the worker writes progress: a job whose heartbeat stops is stalled.
    heartbeat = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    expires = models.DateTimeField(_("expires"), default=default_expiry)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="export_progress_max_100"),
            models.CheckConstraint(
                condition=Q(expires__gt=models.F("created")), name="export_expires_after_created"
            ),
        ]
        indexes = [models.Index(fields=["user", "-created"]), models.Index(fields=["expires"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.created:%Y-%m-%d %H:%M} · {self.get_status_display()}"

    @property
    def is_stalled(self) -> bool:
        return type(self).objects.stalled().filter(pk=self.pk).exists()

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED)

    @property
    def download_name(self) -> str:
        """The name given when the job started (school, scope, date), or a plain one."""
        if self.params.get("name"):
            return str(self.params["name"])
        return f"bangfu-summary-{timezone.localtime(self.created):%Y%m%d-%H%M}.xlsx"
