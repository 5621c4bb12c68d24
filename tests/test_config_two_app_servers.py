"""Two app servers share one school: the web tier keeps no state of its own (issue 19).

Two gunicorn instances on two ports, with production settings, against the same
database (this test's: PostgreSQL in CI, the SQLite file otherwise), the same Redis
(cache and Celery broker, when it answers) and the same storage (one MEDIA_ROOT).
A login on one is valid on the other; an export started on one is written by a Celery
worker (in-process on the first server without Redis) and downloads from the other.
"""

from __future__ import annotations

import contextlib
import http.cookies
import io
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse

from reports.bench.load import bench_redis_url, collect_static, free_port, gunicorn, server_env
from reports.models import ExportJob

from .factories.reports import seed_cases

PASSWORD = "two-servers-password-1"


class Browser:
    """Cookies kept by hand (the servers' cookies are Secure; this is plain http)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, url: str, data: dict | None = None) -> tuple[int, dict, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers)
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = http.cookies.SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            return response.status, dict(response.headers), response.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def hidden(html: bytes, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', html.decode())
    assert match, f"no {name} in the form"
    return match.group(1)


@contextlib.contextmanager
def celery_worker(env: dict[str, str]) -> Iterator[None]:
    log = tempfile.TemporaryFile()
    queues = f"{env['CELERY_DEFAULT_QUEUE']},{env['CELERY_EXPORT_QUEUE']}"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "-Q", queues],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.mark.django_db(transaction=True)
def test_a_login_and_an_export_work_across_two_app_servers(school, tmp_path):
    seed_cases(school)
    admin = school.admin
    # The servers hash with production's hashers, not the tests' fast one.
    admin.password = PBKDF2PasswordHasher().encode(PASSWORD, uuid.uuid4().hex[:12])
    admin.save(update_fields=["password"])

    run = uuid.uuid4().hex[:8]
    redis = bench_redis_url()  # REDIS_URL (CI), else this machine's Redis if it answers
    if os.environ.get("REDIS_URL"):
        assert redis, "REDIS_URL is set but Redis does not answer"
    env = server_env(
        {
            "MEDIA_ROOT": str(tmp_path / "media"),  # the shared storage
            "REDIS_URL": redis,
            "CACHE_KEY_PREFIX": f"bangfu-two-servers-{run}",
            "CELERY_DEFAULT_QUEUE": f"bangfu-two-servers-{run}",
            "CELERY_EXPORT_QUEUE": f"bangfu-two-servers-exports-{run}",
            "EXPORT_BACKGROUND_ROWS": "1",  # every export is a background job
            "AXES_ENABLED": "false",
        }
    )
    collect_static(env)
    worker = celery_worker(env) if redis else contextlib.nullcontext()
    with (
        gunicorn(free_port(), workers=1, env=env) as one,
        gunicorn(free_port(), workers=1, env=env) as two,
        worker,
    ):
        browser = Browser()
        login = reverse("login")
        status, _headers, page = browser.request(one + login)
        assert status == 200
        status, headers, _body = browser.request(
            one + login,
            {
                "username": admin.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"),
            },
        )
        assert status == 302, "the login on server one failed"
        assert settings.SESSION_COOKIE_NAME in browser.cookies

        # The session made by server one is valid on server two.
        status, _headers, body = browser.request(two + reverse("dashboard"))
        assert status == 200
        assert admin.full_name in body.decode()
        # (and without it, server two sends the visitor to the login page)
        status, headers, _body = Browser().request(two + reverse("dashboard"))
        assert status == 302 and login in headers["Location"]

        # An export started on server one...
        status, _headers, form = browser.request(one + reverse("reports:export"))
        assert status == 200
        status, headers, _body = browser.request(
            one + reverse("reports:export"),
            {
                "term": school.term.pk,
                "csrfmiddlewaretoken": hidden(form, "csrfmiddlewaretoken"),
                "submission_key": hidden(form, "submission_key"),
            },
        )
        assert status == 302
        job = ExportJob.objects.get(user=admin)
        assert headers["Location"].endswith(reverse("reports:job", kwargs={"job_pk": job.pk}))
        # Server two shows (and, with Redis, keeps: core.page_cache) the export page now...
        for _ in range(2):
            status, _headers, _body = browser.request(two + reverse("reports:export"))
            assert status == 200

        deadline = time.monotonic() + 120
        while job.status not in (ExportJob.Status.DONE, ExportJob.Status.FAILED):
            assert time.monotonic() < deadline, f"the export is still {job.status}"
            time.sleep(0.5)
            job.refresh_from_db()
        assert job.status == ExportJob.Status.DONE, job.error
        # ...and shows the finished job at once: the worker's writes reach every server.
        download = reverse("reports:job_download", kwargs={"job_pk": job.pk})
        status, _headers, body = browser.request(two + reverse("reports:export"))
        assert status == 200 and download in body.decode()

        # ...is shown and downloads on server two, from the shared storage.
        status, _headers, body = browser.request(
            two + reverse("reports:job", kwargs={"job_pk": job.pk})
        )
        assert status == 200
        status, headers, body = browser.request(
            two + reverse("reports:job_download", kwargs={"job_pk": job.pk})
        )
        assert status == 200
        assert headers["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml"
        )
        workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        assert len(workbook.sheetnames) > 1
        assert (tmp_path / "media" / job.file.name).is_file()
