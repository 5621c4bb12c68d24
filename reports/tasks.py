"""Celery tasks: thin, taking ids; the work is in services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def run_export(job_id: int) -> None:
    services.run_export(job_id=job_id)


@shared_task(acks_late=True, ignore_result=True)
def fail_stalled_exports() -> int:
    return services.fail_stalled_exports()


@shared_task(acks_late=True, ignore_result=True)
def purge_expired_exports() -> int:
    return services.purge_expired_exports()
