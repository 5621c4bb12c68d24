"""Writes of the reports app: start a background export, run it, purge the expired."""

from __future__ import annotations

import datetime
import logging
import tempfile

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from core import page_cache
from core.xlsx import write_workbook
from school.models import User
from school.reporting import Filters
from school.scoping import Scope

from .filters import filters_from_params
from .models import ExportJob
from .workbook import build_sheets, row_total, write_options

log = logging.getLogger(__name__)


@transaction.atomic
def start_export(
    *,
    user: User,
    filters: Filters,
    language: str,
    total_rows: int = 0,
    detail: bool = False,
    name: str = "",
) -> ExportJob:
    """Record the job and queue it once the job row is committed."""

    job = ExportJob(
        user=user,
        params={
            "filters": filters.to_params(),
            "language": language,
            "detail": detail,
            "name": name,
        },
        total_rows=total_rows,
    )
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    """Queue the job; when the broker cannot be reached, write it here and now.

    Without this a Redis outage left the job "queued" for ever (and the request a 500).
    """
    try:
        # By name, so services do not import the tasks module that imports them.
        # retry=False: a dead broker fails at once instead of hanging the request.
        current_app.signature("reports.tasks.run_export").apply_async((job_id,), retry=False)
    except OperationalError:
        log.warning("broker unreachable; export %s runs in-process", job_id)
        run_export_service(job_id=job_id)


@transaction.atomic
def retry_export(*, job: ExportJob) -> ExportJob:
    """Queue a failed or stalled job again, from the start."""
    if job.status not in (
        ExportJob.Status.FAILED,
        ExportJob.Status.QUEUED,
        ExportJob.Status.RUNNING,
    ):
        raise ValidationError(_("Only a failed export can be started again."))
    _set(
        job,
        status=ExportJob.Status.QUEUED,
        progress=0,
        rows_written=0,
        error="",
        finished=None,
        heartbeat=timezone.now(),
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def fail_stalled_exports(*, now: datetime.datetime | None = None) -> int:
    """Mark failed the jobs whose worker died or whose message was lost; returns how many."""
    failed = ExportJob.objects.stalled(now).update(
        status=ExportJob.Status.FAILED,
        error=str(_("The export stopped without finishing.")),
        finished=now or timezone.now(),
    )
    if failed:
        page_cache.bump()
    return failed


def _set(job: ExportJob, **fields) -> None:
    if "status" in fields or "rows_written" in fields:
        fields.setdefault("heartbeat", timezone.now())
    for name, value in fields.items():
        setattr(job, name, value)
    ExportJob.objects.filter(pk=job.pk).update(**fields)
    page_cache.bump()  # an UPDATE sends no signal: the export page shows the new progress


def run_export(*, job_id: int) -> ExportJob | None:
    """Write the job's workbook. Idempotent: a finished job is left as it is, and a job
    interrupted half-way (a worker lost with acks_late) is simply written again."""
    job = ExportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.status in (ExportJob.Status.DONE, ExportJob.Status.EXPIRED):
        return job
    _set(job, status=ExportJob.Status.RUNNING, progress=0, rows_written=0, error="")
    old_name = job.file.name
    try:
        scope = Scope.for_user(job.user)
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            filters = filters_from_params(job.params.get("filters", {}), scope)
            detail = bool(job.params.get("detail"))
            sheets = build_sheets(scope, filters, detail=detail)
            total = max(row_total(sheets), 1)
            _set(job, total_rows=total)

            def progress(rows: int) -> None:
                _set(job, rows_written=rows, progress=min(99, rows * 100 // total))

            with tempfile.TemporaryFile(suffix=".xlsx") as handle:
                written = write_workbook(
                    sheets,
                    handle,
                    on_progress=progress,
                    **write_options(scope, filters, detail=detail),
                )
                handle.seek(0)
                job.file.save("export.xlsx", File(handle), save=False)
    except Exception as exc:  # the job page shows the failure; the log keeps the detail
        log.exception("export %s failed", job_id)
        _set(job, status=ExportJob.Status.FAILED, error=str(exc)[:300], finished=timezone.now())
        return job
    if old_name and old_name != job.file.name:
        job.file.storage.delete(old_name)
    _set(
        job,
        file=job.file.name,
        status=ExportJob.Status.DONE,
        progress=100,
        rows_written=written,
        finished=timezone.now(),
    )
    return job


def purge_expired_exports(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of expired jobs and mark them expired; returns how many."""
    count = 0
    for job in ExportJob.objects.expired(now).exclude(status=ExportJob.Status.EXPIRED):
        if job.file.name:
            job.file.storage.delete(job.file.name)
        _set(job, file="", status=ExportJob.Status.EXPIRED)
        count += 1
    return count


# The in-process fallback calls the service under a name that does not shadow the task.
run_export_service = run_export
