"""The Celery app: broker and results from REDIS_URL, beat schedule in settings.

Two queues, so workers scale by kind of work (docs/deploy.md):

- ``CELERY_DEFAULT_QUEUE`` (default "celery"): reminders, e-mail, housekeeping; short tasks;
- ``CELERY_EXPORT_QUEUE`` (default "exports"): the background workbooks, minutes of CPU
  each, on workers of their own so a queue of exports never delays a reminder.

A worker serves the queues given with ``-Q``; ``make worker`` (and scripts/run_dev.py)
serve both. The names come from the environment so that several schools (or test runs)
can share one Redis.
"""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

DEFAULT_QUEUE = os.environ.get("CELERY_DEFAULT_QUEUE", "celery")
EXPORT_QUEUE = os.environ.get("CELERY_EXPORT_QUEUE", "exports")

app = Celery("bangfu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_default_queue = DEFAULT_QUEUE
app.conf.task_routes = {"reports.tasks.run_export": {"queue": EXPORT_QUEUE}}
app.autodiscover_tasks()


@signals.task_postrun.connect
def _kept_pages_are_stale(**kwargs) -> None:
    """A task may write in bulk (a reminder scan's bulk_create, an export's progress
    updates), which sends no model signal: after any task, no kept page is older than it."""
    from core import page_cache

    page_cache.bump()
