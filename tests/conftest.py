"""The base school every test builds on: one grade, two classes, a user per role.

Class A is the class of the story; class B is someone else's. ``stranger``
teaches maths in class B only, so everything about class A is outside their scope.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from types import SimpleNamespace

import pytest
import time_machine
from django.db.models import Model
from django.test import Client
from pytest_django.fixtures import Settings

from school.models import User

from .factories.school import (
    ClassHeadshipFactory,
    GradeFactory,
    GradeLeadershipFactory,
    SchoolClassFactory,
    SubjectDirectorshipFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    TermFactory,
    UserFactory,
)
from .factories.students import StudentFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The factory term runs from 2026-09-01 to 2027-01-23, and the tests' dates sit inside it.
# Every test runs on one school day inside that term, whatever the real date, so the date
# rules (within the term, not after today) do not start failing when the calendar passes
# the term's end. The clock ticks from there; a test may still move it (``time_machine``).
SCHOOL_NOW = "2026-12-03 02:00:00+00:00"  # 10:00 in Asia/Shanghai, a Thursday


@pytest.fixture(autouse=True)
def _school_clock() -> Iterator[None]:
    with time_machine.travel(SCHOOL_NOW, tick=True):
        yield


@pytest.fixture
def school(db: None) -> SimpleNamespace:
    term = TermFactory(academic_year="2026-2027", name="第一学期", is_current=True)
    grade = GradeFactory(level=3)
    other_grade = GradeFactory(level=4)
    class_a = SchoolClassFactory(grade=grade, number=1)
    class_b = SchoolClassFactory(grade=grade, number=2)
    class_c = SchoolClassFactory(grade=other_grade, number=1)
    chinese = SubjectFactory(name="语文", code="chinese", order=0)
    maths = SubjectFactory(name="数学", code="maths", order=1)

    teacher = UserFactory(username="teacher_a", full_name="李老师")
    head = UserFactory(username="head_a", full_name="王老师")
    stranger = UserFactory(username="stranger", full_name="外班老师")
    director = UserFactory(username="director_cn", full_name="林教导")
    leader = UserFactory(username="leader3", full_name="赵组长")
    admin = UserFactory(username="admin1", full_name="管理员", position=User.Position.ADMINISTRATOR)
    principal = UserFactory(
        username="principal1", full_name="周校长", position=User.Position.PRINCIPAL
    )
    nobody = UserFactory(username="nobody", full_name="无任务")

    TeachingAssignmentFactory(term=term, teacher=teacher, school_class=class_a, subject=maths)
    TeachingAssignmentFactory(term=term, teacher=head, school_class=class_a, subject=chinese)
    ClassHeadshipFactory(term=term, teacher=head, school_class=class_a)
    TeachingAssignmentFactory(term=term, teacher=stranger, school_class=class_b, subject=maths)
    TeachingAssignmentFactory(term=term, teacher=director, school_class=class_c, subject=chinese)
    SubjectDirectorshipFactory(subject=chinese, teacher=director)
    GradeLeadershipFactory(term=term, grade=grade, teacher=leader)

    student_a = StudentFactory(school_class=class_a, name="张小明", student_number="A001")
    student_a2 = StudentFactory(
        school_class=class_a, name="刘小红", student_number="A002", gender="F"
    )
    student_b = StudentFactory(school_class=class_b, name="陈小刚", student_number="B001")
    student_c = StudentFactory(
        school_class=class_c, name="吴小丽", student_number="C001", gender="F"
    )
    return SimpleNamespace(**locals())


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    def _login(user: User) -> Client:
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def constant_queries() -> Callable[..., int]:
    """Assert a page runs the same number of SQL queries before and after more rows exist.

    ``constant_queries(fetch, grow)`` calls ``fetch()`` (after a warm-up call), then
    ``grow()`` to add rows, then ``fetch()`` again; both counts must be equal, but for the
    paginator's COUNT(*) once the rows outgrow the first page.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def check(
        fetch: Callable[[], object], grow: Callable[[], object], max_queries: int = 25
    ) -> int:
        fetch()
        with CaptureQueriesContext(connection) as before:
            fetch()
        grow()
        with CaptureQueriesContext(connection) as after:
            fetch()
        # The one query more allowed: the paginator's COUNT(*), once the rows outgrow the
        # first page (core.pagination counts a list that fits from its rows). A query per
        # row would add one per row added.
        extra = len(after) - len(before)
        counted = sum(q["sql"].startswith(PAGINATOR_COUNT) for q in after.captured_queries) - sum(
            q["sql"].startswith(PAGINATOR_COUNT) for q in before.captured_queries
        )
        assert extra == 0 or (extra == 1 and counted == 1), (
            f"{len(before)} queries before, {len(after)} after more rows:\n"
            + "\n".join(q["sql"][:200] for q in after.captured_queries)
        )
        assert len(after) <= max_queries
        return len(after)

    return check


PAGINATOR_COUNT = 'SELECT COUNT(*) AS "__count"'


PROJECT_APPS = (
    "core",
    "school",
    "students",
    "archives",
    "homework",
    "evaluations",
    "inspections",
    "family",
    "afterschool",
    "collab",
    "reminders",
    "reports",
)
# Rows any request may write, refused or not: who logged in and what they looked at.
ALWAYS_WRITTEN = ("school.AccessRecord",)


def table_fingerprints(models: Iterable[type[Model]]) -> dict[str, tuple[int, str]]:
    """Model label → (row count, hash of every row's values in primary-key order)."""
    prints = {}
    for model in models:
        rows = list(model._base_manager.order_by("pk").values_list())
        digest = hashlib.sha256(repr(rows).encode()).hexdigest()
        prints[model._meta.label] = (len(rows), digest)
    return prints


@pytest.fixture
def unchanged(db: None) -> Callable[..., AbstractContextManager[None]]:
    """Assert a refused request changed no row: ``with unchanged(Student, SupportCase): ...``.

    With no models it compares every model of the project's apps (except the
    access log, which records refusals too).
    """
    from django.apps import apps

    @contextmanager
    def check(*models: type[Model]) -> Iterator[None]:
        chosen = list(models) or [
            model
            for label in PROJECT_APPS
            for model in apps.get_app_config(label).get_models()
            if model._meta.label not in ALWAYS_WRITTEN
        ]
        before = table_fingerprints(chosen)
        yield
        after = table_fingerprints(chosen)
        changed = sorted(label for label in before if before[label] != after[label])
        assert not changed, f"a refused request changed {changed}: {before} -> {after}"

    return check


@pytest.fixture(autouse=True)
def tasks_run_in_process(settings: Settings) -> Iterator[None]:
    """Tasks run eagerly in tests, with or without REDIS_URL (CI sets it).

    The tests that start a real Celery worker on Redis switch this off themselves.
    """
    from config.celery import app

    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.update(saved)


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache (local memory in tests, whatever REDIS_URL says)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(scope="session", autouse=True)
def _close_shared_browser() -> Iterator[None]:
    """Browser tests share one Chromium (tests/browser.py); it closes when the run ends."""
    yield
    from .browser import close_shared_browser

    close_shared_browser()
