"""The team's performance budget: a big school, the main pages' p95, the big export.

    manage.py bench                       # 1,600 students, 200,000 observations
    manage.py bench --students 40 --observations 200 --iterations 3

It creates the school (if absent) in the configured database, with bulk
inserts: bench rows are marked by student numbers starting "BENCH-", so a
second run reuses them. Pages are timed in-process with Django's test client
(server time, no network); the observation export is timed once plainly (time,
peak RSS) and once under tracemalloc (peak Python memory).
"""

from __future__ import annotations

import datetime
import math
import random
import resource
import statistics
import tempfile
import time
import tracemalloc

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from archives.models import SupportCase
from school.models import ClassHeadship, Grade, SchoolClass, Subject, TeachingAssignment, Term, User
from school.scoping import Scope
from students.models import Student

PREFIX = "BENCH-"
PER_CLASS = 40
CASE_EVERY = 4  # one student in four is struggling in maths


class Command(BaseCommand):
    help = "Time the main pages (p95) and the big observation export on a school of bench size."

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=1600)
        parser.add_argument("--observations", type=int, default=200_000)
        parser.add_argument("--iterations", type=int, default=50, help="requests per page")
        parser.add_argument("--seed", type=int, default=20261123)

    def handle(self, *args, **options):
        started = time.perf_counter()
        rng = random.Random(options["seed"])
        school = self.ensure_school(options["students"], options["observations"], rng)
        self.stdout.write(
            f"school ready in {time.perf_counter() - started:.1f} s: "
            f"{school['students']} students, {school['cases']} cases, "
            f"{school['observations']} observations"
        )
        rows = self.time_pages(school, options["iterations"])
        self.print_table(
            ["page", "n", "p50 ms", "p95 ms", "max ms", "queries"],
            rows,
        )
        export = self.time_export(school)
        self.print_table(
            ["export", "rows", "seconds", "peak RSS MB", "tracemalloc peak MB"], [export]
        )

    # ---- the school -------------------------------------------------------------------
    @transaction.atomic
    def ensure_school(self, n_students: int, n_observations: int, rng: random.Random) -> dict:
        term = Term.objects.current()
        if term is None:
            today = datetime.date.today()
            term = Term.objects.create(
                academic_year=f"{today.year}-{today.year + 1}",
                name="基准学期",
                start=today - datetime.timedelta(days=60),
                midterm_review=today + datetime.timedelta(days=1),
                final_review=today + datetime.timedelta(days=50),
                end=today + datetime.timedelta(days=60),
                is_current=True,
            )
        maths, _ = Subject.objects.get_or_create(code="maths", defaults={"name": "数学"})
        admin, _ = User.objects.get_or_create(
            username="bench_admin",
            defaults={"full_name": "基准管理员", "position": User.Position.ADMINISTRATOR},
        )
        teacher, _ = User.objects.get_or_create(
            username="bench_teacher", defaults={"full_name": "基准教师"}
        )

        classes = []
        for index in range(max(1, math.ceil(n_students / PER_CLASS))):
            grade, _ = Grade.objects.get_or_create(level=1 + index % 6)
            school_class, _ = SchoolClass.objects.get_or_create(grade=grade, number=90 + index // 6)
            classes.append(school_class)
        TeachingAssignment.objects.get_or_create(
            term=term, teacher=teacher, school_class=classes[0], subject=maths
        )
        if not ClassHeadship.objects.filter(term=term, school_class=classes[0]).exists():
            ClassHeadship.objects.create(term=term, school_class=classes[0], teacher=teacher)

        existing = set(
            Student.objects.filter(student_number__startswith=PREFIX).values_list(
                "student_number", flat=True
            )
        )
        new_students = [
            Student(
                student_number=f"{PREFIX}{n:05d}",
                name=f"学生{n:05d}",
                gender=rng.choice("MF"),
                school_class=classes[n % len(classes)],
            )
            for n in range(n_students)
            if f"{PREFIX}{n:05d}" not in existing
        ]
        Student.objects.bulk_create(new_students, batch_size=1000)

        bench_students = Student.objects.filter(student_number__startswith=PREFIX)
        with_case = set(
            SupportCase.objects.filter(
                term=term, subject=maths, student__in=bench_students
            ).values_list("student_id", flat=True)
        )
        statuses = [s for s, _label in SupportCase.Status.choices]
        new_cases = [
            SupportCase(
                student_id=student_id,
                subject=maths,
                term=term,
                status=statuses[n % 3],  # identified, in support, improved
                identified_by=admin,
                identified_on=term.start,
            )
            for n, student_id in enumerate(
                bench_students.order_by("student_number").values_list("id", flat=True)
            )
            if n % CASE_EVERY == 0 and student_id not in with_case
        ]
        SupportCase.objects.bulk_create(new_cases, batch_size=1000)
        case_ids = list(
            SupportCase.objects.filter(term=term, student__in=bench_students).values_list(
                "id", flat=True
            )
        )
        observations = self.ensure_observations(case_ids, n_observations, term, admin, rng)
        return {
            "term": term,
            "admin": admin,
            "teacher": teacher,
            "case_id": case_ids[0] if case_ids else None,
            "students": bench_students.count(),
            "cases": len(case_ids),
            "observations": observations,
        }

    def ensure_observations(self, case_ids, wanted, term, author, rng) -> int:
        if not apps.is_installed("archives") or not case_ids:
            return 0
        from archives.models import Observation

        bench = Observation.objects.filter(case_id__in=case_ids)
        have = bench.count()
        last = min(datetime.date.today(), term.end)
        span = max((last - term.start).days, 0)
        kinds = [k for k, _label in Observation.Kind.choices]
        batch = []
        for n in range(have, wanted):
            batch.append(
                Observation(
                    case_id=case_ids[n % len(case_ids)],
                    date=term.start + datetime.timedelta(days=rng.randint(0, span)),
                    kind=kinds[n % len(kinds)],
                    rating=rng.randint(1, 5),
                    note=f"课堂表现记录 {n}",
                    author=author,
                )
            )
            if len(batch) == 5000:
                Observation.objects.bulk_create(batch)
                batch = []
        Observation.objects.bulk_create(batch)
        return bench.count()

    # ---- pages ---------------------------------------------------------------------------
    def pages(self, school) -> list[tuple[str, str]]:
        wanted = [
            ("home dashboard", "dashboard", {}),
            ("students", "students:list", {}),
            ("support cases", "archives:case_list", {}),
            ("school dashboard", "reports:dashboard", {}),
            ("export page", "reports:export", {}),
            ("progress archive", "archives:archive", {"case_pk": school["case_id"]}),
            ("homework week", "homework:week", {}),
            ("visit plan", "family:visit_plan", {}),
        ]
        found = []
        for label, name, kwargs in wanted:
            if any(v is None for v in kwargs.values()):
                continue
            found.append((label, reverse(name, kwargs=kwargs)))
        return found

    def time_pages(self, school, iterations: int) -> list[list]:
        rows = []
        with override_settings(ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False, DEBUG=False):
            client = Client()
            client.force_login(school["admin"])
            for label, url in self.pages(school):
                response = client.get(url)  # warm-up
                if response.status_code != 200:
                    rows.append([label, 0, "-", "-", "-", f"HTTP {response.status_code}"])
                    continue
                queries = QueryCounter()
                with connection.execute_wrapper(queries):
                    client.get(url)
                timings = []
                for _ in range(iterations):
                    start = time.perf_counter()
                    client.get(url)
                    timings.append((time.perf_counter() - start) * 1000)
                rows.append(
                    [
                        label,
                        len(timings),
                        f"{statistics.median(timings):.0f}",
                        f"{percentile(timings, 95):.0f}",
                        f"{max(timings):.0f}",
                        queries.count,
                    ]
                )
        return rows

    # ---- the big export -----------------------------------------------------------------
    def time_export(self, school) -> list:
        from core.xlsx import write_workbook
        from school.reporting import Filters

        if not apps.is_installed("archives"):
            return ["observation log", 0, "-", "-", "-"]
        from archives.sheets import observation_sheet

        scope = Scope.for_user(school["admin"])
        filters = Filters(term=school["term"])

        def run() -> tuple[int, float]:
            with tempfile.TemporaryFile(suffix=".xlsx") as handle:
                start = time.perf_counter()
                rows = write_workbook([observation_sheet(scope, filters)], handle)
                return rows, time.perf_counter() - start

        rows, seconds = run()
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        tracemalloc.start()
        run()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return ["observation log", rows, f"{seconds:.1f}", f"{rss_mb:.0f}", f"{peak / 2**20:.1f}"]

    def print_table(self, headers: list[str], rows: list[list]) -> None:
        table = [headers, *[[str(cell) for cell in row] for row in rows]]
        widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
        for index, row in enumerate(table):
            self.stdout.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)))
            if index == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        self.stdout.write("")


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
