"""In-process timings of the bench school's main pages, and the big export."""

from __future__ import annotations

import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.template.backends.django import Template as BackendTemplate
from django.test import Client, override_settings
from django.urls import reverse

from archives.models import SupportCase
from school.models import User

from .build import BenchSchool


@dataclass
class Page:
    role: str  # "teacher" | "admin"
    group: str  # the load test's group: teacher, admin, heavy
    label: str
    url: str
    is_list: bool = False  # a teacher's list: the 30 ms target


@dataclass
class PageTiming:
    page: Page
    n: int
    p50: float
    p95: float
    queries: int
    render_ms: float
    status: int = 200
    kept_p50: float = 0.0  # the page shown again while nothing was written (core.page_cache)


def main_pages(school: BenchSchool) -> list[Page]:
    """Every role's main pages (issue 19), as far as the installed apps have them."""
    teacher_case = (
        SupportCase.objects.filter(
            term=school.term, subject=school.maths, student__school_class=school.teacher_class
        )
        .order_by("pk")
        .first()
    )
    any_case = SupportCase.objects.filter(term=school.term).order_by("pk").first()
    wanted: list[tuple[str, str, str, str, dict, bool]] = [
        ("teacher", "teacher", "home", "dashboard", {}, False),
        ("teacher", "teacher", "students", "students:list", {}, True),
        ("teacher", "teacher", "support cases", "archives:case_list", {}, True),
        ("teacher", "teacher", "homework", "homework:list", {}, True),
        ("teacher", "teacher", "evaluations", "evaluations:list", {}, True),
        ("teacher", "teacher", "reminders", "reminders:inbox", {}, True),
        (
            "teacher",
            "teacher",
            "lesson log",
            "archives:lesson_log",
            {"class_pk": school.teacher_class.pk, "subject_pk": school.maths.pk},
            False,
        ),
        (
            "teacher",
            "heavy",
            "progress archive",
            "archives:archive",
            {"case_pk": teacher_case.pk if teacher_case else None},
            False,
        ),
        ("admin", "admin", "home", "dashboard", {}, False),
        ("admin", "admin", "students", "students:list", {}, False),
        ("admin", "admin", "support cases", "archives:case_list", {}, False),
        ("admin", "admin", "homework week", "homework:week", {}, False),
        ("admin", "admin", "family", "family:visit_plan", {}, False),
        ("admin", "heavy", "school dashboard", "reports:dashboard", {}, False),
        ("admin", "admin", "export page", "reports:export", {}, False),
        (
            "admin",
            "heavy",
            "progress archive",
            "archives:archive",
            {"case_pk": any_case.pk if any_case else None},
            False,
        ),
    ]
    pages = []
    for role, group, label, name, kwargs, is_list in wanted:
        app = name.split(":")[0] if ":" in name else "core"
        if not apps.is_installed(app) or any(v is None for v in kwargs.values()):
            continue
        pages.append(Page(role, group, label, reverse(name, kwargs=kwargs), is_list))
    return pages


class RenderTimer:
    """Time spent rendering templates (outermost render only), via the template backend."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.depth = 0
        self.original = BackendTemplate.render

    def __enter__(self) -> RenderTimer:
        timer = self
        original = self.original

        def render(template, context=None, request=None):
            timer.depth += 1
            start = time.perf_counter()
            try:
                return original(template, context, request)
            finally:
                timer.depth -= 1
                if timer.depth == 0:
                    timer.seconds += time.perf_counter() - start

        BackendTemplate.render = render  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc) -> None:
        BackendTemplate.render = self.original  # type: ignore[method-assign]


class QueryCounter:
    """An execute wrapper counting the SQL queries of one request."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(0, math.ceil(pct / 100 * len(ordered)) - 1)
    return ordered[rank]


def users(school: BenchSchool) -> dict[str, User]:
    return {"teacher": school.teacher, "admin": school.admin}


def time_pages(school: BenchSchool, iterations: int) -> list[PageTiming]:
    """Each page as built (the figures the targets judge), then as kept for its reader.

    A page is kept only for a browser holding a CSRF cookie (core.page_cache): the built
    samples are requests without one, so every one of them builds the page. The samples
    are taken round-robin, one page after another, so a moment of noise on the machine
    (a neighbour's burst, a collection) falls on every page alike, not on one page's run.
    """
    clients = {}
    csrf = settings.CSRF_COOKIE_NAME
    timings: dict[int, PageTiming] = {}
    with override_settings(ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False, DEBUG=False):
        for role, user in users(school).items():
            clients[role] = Client()
            clients[role].force_login(user)

        def built(page: Page):
            client = clients[page.role]
            client.cookies.pop(csrf, None)
            return client.get(page.url)

        pages = main_pages(school)
        measured = []
        counts: dict[int, int] = {}
        for i, page in enumerate(pages):
            response = built(page)  # warm-up
            if response.status_code != 200:
                timings[i] = PageTiming(page, 0, 0, 0, 0, 0, response.status_code)
                continue
            queries = QueryCounter()
            with connection.execute_wrapper(queries):
                built(page)
            counts[i] = queries.count
            measured.append((i, page))
        samples: dict[int, list[float]] = {i: [] for i, _page in measured}
        renders: dict[int, list[float]] = {i: [] for i, _page in measured}
        for _ in range(iterations):
            for i, page in measured:
                with RenderTimer() as timer:
                    start = time.perf_counter()
                    built(page)
                    samples[i].append((time.perf_counter() - start) * 1000)
                renders[i].append(timer.seconds * 1000)
        for i, page in measured:
            client = clients[page.role]
            client.cookies[csrf] = "k" * 32
            client.get(page.url)  # kept from here
            kept = []
            for _ in range(max(5, iterations // 5)):
                start = time.perf_counter()
                client.get(page.url)
                kept.append((time.perf_counter() - start) * 1000)
            timings[i] = PageTiming(
                page,
                len(samples[i]),
                statistics.median(samples[i]),
                percentile(samples[i], 95),
                counts[i],
                statistics.median(renders[i]),
                kept_p50=statistics.median(kept),
            )
    return [timings[i] for i in sorted(timings)]


# ---- the observation export --------------------------------------------------------
def export_in_process(admin: User) -> dict:
    """The observation log of every term, written by the export code as it stands."""
    from core.xlsx import write_workbook
    from school.reporting import Filters
    from school.scoping import Scope

    if not apps.is_installed("archives"):
        return {"rows": 0, "seconds": 0.0, "peak_mb": 0.0}
    from archives.sheets import observation_sheet

    scope = Scope.for_user(admin)
    with tempfile.TemporaryFile(suffix=".xlsx") as handle:
        start = time.perf_counter()
        rows = write_workbook([observation_sheet(scope, Filters())], handle)
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rows": rows, "seconds": seconds, "peak_mb": peak}


def export_in_fresh_process() -> dict:
    """The export in a process of its own, so its peak RSS is the export's, not the build's."""
    env = {**os.environ, "DATABASE_URL": database_url()}
    result = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "bench", "--export-only"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def database_url() -> str:
    """The current connection as a DATABASE_URL (for the processes the bench starts)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db.get("USER") or ""
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{'@' if auth else ''}{host}{port}/{db['NAME']}"
