"""A big export through a real Celery worker on Redis, as in production (not eager)."""

from __future__ import annotations

import io
import os
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse
from openpyxl import load_workbook

from config.celery import app
from core.xlsx import HEADER_ROW
from reports.models import ExportJob

from .factories.reports import seed_cases

REDIS_TEST_URL = "redis://127.0.0.1:6379/6"
QUEUE = f"bangfu-reports-test-{uuid.uuid4().hex[:8]}"


def redis_answers() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


@pytest.fixture
def worker(settings, tmp_path):
    """The Celery app on Redis DB 6 (a queue of this run's own), eager off, and a worker thread."""
    if not redis_answers():
        if os.environ.get("REDIS_URL"):
            pytest.fail("REDIS_URL is set but Redis does not answer on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    settings.MEDIA_ROOT = tmp_path
    settings.CELERY_TASK_ALWAYS_EAGER = False
    changes = {
        "broker_url": REDIS_TEST_URL,
        "result_backend": REDIS_TEST_URL,
        "task_always_eager": False,
        "task_default_queue": QUEUE,
        # The export's own queue (config/celery.py), this run's too: the worker serves it.
        "task_routes": {"reports.tasks.run_export": {"queue": QUEUE}},
    }
    saved = {key: app.conf[key] for key in changes}
    app.conf.update(changes)
    # Connections and producers made for the memory:// broker (eager calls acquire a
    # producer too) are not reused.
    app._pool = None
    app.amqp._producer_pool = None
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=20.0) as running:
            yield running
    finally:
        app.conf.update(saved)
        app._pool = None
        app.amqp._producer_pool = None


def wait_for(condition, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
def test_big_export_completes_on_a_real_worker(client, school, settings, worker):
    seed_cases(school)
    settings.EXPORT_BACKGROUND_ROWS = 2
    client.force_login(school.admin)

    response = client.post(reverse("reports:export"), {"term": school.term.pk})

    job = ExportJob.objects.get(user=school.admin)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:job", kwargs={"job_pk": job.pk})
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert wait_for(lambda: ExportJob.objects.get(pk=job.pk).is_finished), (
        ExportJob.objects.values().get(pk=job.pk)
    )
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    assert job.progress == 100
    assert job.rows_written >= 5

    progress = client.get(reverse("reports:job_progress", kwargs={"job_pk": job.pk}))
    assert reverse("reports:job_download", kwargs={"job_pk": job.pk}) in progress.text
    download = client.get(reverse("reports:job_download", kwargs={"job_pk": job.pk}))
    assert download.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert len(list(wb["学困生名单"].iter_rows(min_row=HEADER_ROW + 1))) == 5

    client.force_login(school.director)
    download = client.get(reverse("reports:job_download", kwargs={"job_pk": job.pk}))
    assert download.status_code == 404
