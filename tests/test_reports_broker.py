"""The big export survives its broker: Redis down, a worker that died, a retry."""

from __future__ import annotations

import datetime

import pytest
from celery import current_app
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import ExportJob

from .factories.reports import seed_cases


@pytest.fixture
def seeded(school, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    school.cases = seed_cases(school)
    return school


@pytest.fixture
def dead_broker():
    """Celery pointed at a closed port, not eager: as when Redis is down in production."""
    conf = current_app.conf
    saved = {key: conf[key] for key in ("broker_url", "task_always_eager")}
    conf.update(broker_url="redis://127.0.0.1:1/0", task_always_eager=False)
    current_app._pool = None
    current_app.amqp._producer_pool = None
    yield
    conf.update(saved)
    current_app._pool = None
    current_app.amqp._producer_pool = None


def test_redis_down_the_big_export_is_written_in_process(
    login, seeded, settings, dead_broker, django_capture_on_commit_callbacks
):
    settings.EXPORT_BACKGROUND_ROWS = 2
    client = login(seeded.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:export"), {"term": seeded.term.pk})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert job.status == ExportJob.Status.DONE and job.file.name
    page = client.get(response["Location"])
    assert reverse("reports:job_download", kwargs={"job_pk": job.pk}) in page.text


def test_a_job_with_no_sign_of_life_is_failed_within_minutes(login, seeded, settings):
    settings.EXPORT_STALL_MINUTES = 10
    now = timezone.now()
    lost = ExportJob.objects.create(
        user=seeded.admin,
        params={"filters": {}},
        status="running",
        heartbeat=now - datetime.timedelta(minutes=11),
    )
    never_started = ExportJob.objects.create(
        user=seeded.admin, params={"filters": {}}, created=now - datetime.timedelta(minutes=12)
    )
    alive = ExportJob.objects.create(
        user=seeded.admin,
        params={"filters": {}},
        status="running",
        heartbeat=now - datetime.timedelta(minutes=2),
    )
    page = login(seeded.admin).get(reverse("reports:job", kwargs={"job_pk": lost.pk}))
    assert reverse("reports:job_retry", kwargs={"job_pk": lost.pk}) in page.text

    assert services.fail_stalled_exports() == 2
    statuses = dict(ExportJob.objects.values_list("pk", "status"))
    assert statuses == {lost.pk: "failed", never_started.pk: "failed", alive.pk: "running"}


def test_retry_writes_a_failed_export_again(login, seeded, django_capture_on_commit_callbacks):
    job = ExportJob.objects.create(
        user=seeded.admin, params={"filters": {}, "language": "zh-hans"}, status="failed"
    )
    client = login(seeded.admin)
    page = client.get(reverse("reports:job", kwargs={"job_pk": job.pk}))
    assert reverse("reports:job_retry", kwargs={"job_pk": job.pk}) in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:job_retry", kwargs={"job_pk": job.pk}))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.file.name


def test_a_finished_export_is_not_started_again(login, seeded):
    job = ExportJob.objects.create(user=seeded.admin, params={"filters": {}}, status="done")
    client = login(seeded.admin)
    response = client.post(reverse("reports:job_retry", kwargs={"job_pk": job.pk}), follow=True)
    assert "Only a failed export" in response.text or "只有失败" in response.text
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE


def test_another_users_export_cannot_be_retried(login, seeded):
    job = ExportJob.objects.create(user=seeded.admin, params={"filters": {}}, status="failed")
    response = login(seeded.teacher).post(reverse("reports:job_retry", kwargs={"job_pk": job.pk}))
    assert response.status_code == 404
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
