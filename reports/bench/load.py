"""The load test: gunicorn (production settings) and wrk against the bench school.

The login page is the baseline, measured in the same run: each group's throughput is
given as a share of it, so the figures compare across machines and busy moments.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.middleware.csrf import _get_new_csrf_string
from django.urls import reverse

from school.middleware import LAST_ACTIVITY_KEY
from school.models import User

from .measure import Page, database_url

WRK_SCRIPT = """
local paths = {%(paths)s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%%d seconds=%%f p50=%%f p95=%%f errors=%%d timeouts=%%d\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, e.connect + e.read + e.write + e.status + e.timeout,
    e.timeout))
end
"""
RESULT = re.compile(
    r"BENCH requests=(\d+) seconds=([\d.]+) p50=([\d.]+) p95=([\d.]+) errors=(\d+) timeouts=(\d+)"
)


@dataclass
class LoadResult:
    group: str
    urls: int
    rps: float
    p50: float
    p95: float
    errors: int
    timeouts: int
    ratio: float = 0.0
    built: bool = False  # every page built (no kept pages): shown, not a target


BUILT = "built · "  # the label prefix of a group measured with every page built


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def session_cookie(user: User) -> str:
    """A logged-in session for ``user``, stored where the app servers read sessions."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # The idle clock: a day ahead, so a long run is never logged out half-way.
    store[LAST_ACTIVITY_KEY] = time.time() + 86400
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def browser_cookies(user: User) -> str:
    """What a logged-in browser sends: its session, and the CSRF cookie the first page set
    (without it no page is kept for the browser: core.page_cache)."""
    return f"{session_cookie(user)}; {settings.CSRF_COOKIE_NAME}={_get_new_csrf_string()}"


LOCAL_REDIS = "redis://127.0.0.1:6379/9"


def bench_redis_url() -> str:
    """Production has Redis: REDIS_URL, else this machine's if it answers, else none."""
    url = os.environ.get("REDIS_URL") or LOCAL_REDIS
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:
        return ""
    return url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Production settings for an app server on this machine, on the bench's database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DEBUG": "false",
        "BANGFU_TESTING": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra or {})
    return env


@contextlib.contextmanager
def gunicorn(port: int, *, workers: int = 2, env: dict[str, str] | None = None) -> Iterator[str]:
    """An app server on ``port`` until the block ends; yields its base URL."""
    base = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--timeout=120",
        ],
        cwd=settings.BASE_DIR,
        env=env or server_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + reverse("login"), timeout=5)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(
                        "gunicorn did not start:\n" + log.read().decode(errors="replace")[-3000:]
                    ) from None
                time.sleep(0.3)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def collect_static(env: dict[str, str] | None = None) -> None:
    """Production serves static files from the collected, hashed copies (WhiteNoise)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=env or server_env(),
        check=True,
    )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def status_of(url: str, cookie: str | None) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def run_wrk(base: str, paths: list[str], cookie: str | None, seconds: int) -> dict[str, Any]:
    quoted = ", ".join(f'"{p}"' for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % {"paths": quoted})
    try:
        command = ["wrk", "-t2", "-c50", f"-d{seconds}s", "--timeout", "2s", "-s", script.name]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        output = subprocess.run(
            [*command, base + paths[0]], capture_output=True, text=True, check=True
        ).stdout
    finally:
        os.unlink(script.name)
    match = RESULT.search(output)
    if match is None:
        raise RuntimeError(f"wrk printed no result:\n{output}")
    requests, duration, p50, p95, errors, timeouts = match.groups()
    return {
        "rps": int(requests) / max(float(duration), 1e-9),
        "p50": float(p50),
        "p95": float(p95),
        "errors": int(errors),
        "timeouts": int(timeouts),
    }


def drain(base: str) -> None:
    """Wait for the server to finish what an earlier run left queued (requests wrk gave up
    on are still built), so a group's figures are its own."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        start = time.monotonic()
        status_of(base + reverse("login"), None)
        if time.monotonic() - start < 0.05:
            return
        time.sleep(0.5)


def load_test(
    pages: list[Page],
    users: dict[str, User],
    *,
    seconds: int = 20,
    workers: int = 2,
    built: bool = True,
) -> list[LoadResult]:
    """The login page, then each group of pages, against one gunicorn.

    Each group twice: as a browser meets it (kept pages served while nothing is written), and
    with ``built``, as a browser with no CSRF cookie does, every page built (what a page costs
    in a school writing all day; shown beside the targets, not one of them)."""
    redis = bench_redis_url()
    env = server_env(
        {"REDIS_URL": redis, "CACHE_KEY_PREFIX": f"bangfu-bench-{os.getpid()}"} if redis else {}
    )
    collect_static(env)
    cookies = {role: browser_cookies(user) for role, user in users.items()}
    bare = {role: session_cookie(user) for role, user in users.items()}
    groups: dict[str, list[Page]] = {}
    for page in pages:
        groups.setdefault(page.group, []).append(page)
    results = []
    with gunicorn(free_port(), workers=workers, env=env) as base:
        login = reverse("login")
        run_wrk(base, [login], None, 2)  # warm the workers
        figures = run_wrk(base, [login], None, seconds)
        results.append(LoadResult("login page", 1, **figures, ratio=1.0))
        baseline = figures["rps"]
        for group, members in groups.items():
            # wrk sends one cookie: a group's pages are the same role's (else split by role).
            by_role: dict[str, list[str]] = {}
            for page in members:
                if status_of(base + page.url, cookies[page.role]) == 200:
                    by_role.setdefault(page.role, []).append(page.url)
            for role, paths in by_role.items():
                label = f"{group} ({role})" if group == "heavy" else f"{group} main pages"
                runs = [(cookies[role], False)] + ([(bare[role], True)] if built else [])
                for cookie, each_built in runs:
                    drain(base)
                    figures = run_wrk(base, paths, cookie, seconds)
                    results.append(
                        LoadResult(
                            BUILT + label if each_built else label,
                            len(paths),
                            **figures,
                            ratio=figures["rps"] / baseline,
                            built=each_built,
                        )
                    )
    return results
