"""The bench command runs (on a tiny school here; the real run is `make bench`).

No timing is asserted: the figures depend on the machine. What is asserted is what the
bench promises: a school of the right shape, a row per main page of each role, the
export's row, one verdict per target, and a second run that reuses the school.
"""

from __future__ import annotations

import io
import json
import re

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from archives.models import Observation, SupportCase, TutoringSession
from evaluations.models import EvaluationResult
from family.models import FamilyContact
from homework.models import Assignment, MarkingRecord
from reports.bench.load import wrk_available
from school.models import ClassHeadship, SubjectDirectorship, TeachingAssignment, User
from students.models import Student

TARGETS = [
    "every main page p95 < 100 ms in-process",
    "a teacher's lists p95 < 30 ms",
    "every page's template rendering (median) < 25 ms",
    "within 1.25×",
    "export under 15 s and 150 MB",
    "teacher main pages ≥ 0.40 of the login page",
    "admin main pages ≥ 0.30 of the login page",
    "heavy ≥ 0.15 of the login page",
    "no errors or timeouts under load",
]
PAGES = [
    ("teacher", "home"),
    ("teacher", "students"),
    ("teacher", "support cases"),
    ("teacher", "homework"),
    ("teacher", "evaluations"),
    ("teacher", "reminders"),
    ("teacher", "lesson log"),
    ("teacher", "progress archive"),
    ("admin", "home"),
    ("admin", "students"),
    ("admin", "support cases"),
    ("admin", "homework week"),
    ("admin", "family"),
    ("admin", "school dashboard"),
    ("admin", "export page"),
    ("admin", "progress archive"),
]


def bench(tmp_path, **options) -> str:
    out = io.StringIO()
    call_command(
        "bench",
        scale=0.05,
        terms=2,
        iterations=2,
        export_in_process=True,
        results_dir=str(tmp_path),
        stdout=out,
        **options,
    )
    return out.getvalue()


def test_bench_builds_a_school_of_real_shape_and_prints_every_figure(school, tmp_path):
    text = bench(tmp_path, no_load=True)
    bench_students = Student.objects.filter(student_number__startswith="BENCH-")
    # 2 classes of 20 pupils, 5 subjects, 2 terms.
    assert bench_students.count() == 40
    cases = SupportCase.objects.filter(student__in=bench_students)
    assert cases.values("subject").distinct().count() == 5
    assert cases.values("term").distinct().count() == 2
    per_term = cases.filter(term=school.term).count()
    assert per_term == 2 * 5 * 4  # 4 struggling pupils per class and subject
    assert Observation.objects.filter(case__in=cases).count() == 2 * per_term * 40
    assert TutoringSession.objects.filter(case__in=cases).exists()
    teachers = User.objects.filter(username__startswith="bench_t")
    assert teachers.count() == 5  # 2 classes × 5 subjects, two classes each
    assert TeachingAssignment.objects.filter(teacher__in=teachers, term=school.term).count() == 10
    assert ClassHeadship.objects.filter(teacher__in=teachers, term=school.term).count() == 2
    assert SubjectDirectorship.objects.filter(teacher__in=teachers).count() == 5
    assert Assignment.objects.filter(term=school.term, set_by__in=teachers).exists()
    assert MarkingRecord.objects.filter(student__in=bench_students).exists()
    assert EvaluationResult.objects.filter(student__in=bench_students).count() > 0
    assert FamilyContact.objects.filter(student__in=bench_students).exists()

    assert "built in" in text
    for role, page in PAGES:
        assert re.search(
            rf"^{role}\s+{re.escape(page)}\s+2\s+[\d.]+\s+[\d.]+\s+\d+\s+[\d.]+", text, re.M
        ), f"no timing row for {role} {page}:\n{text}"
    rows = Observation.objects.filter(case__in=cases).count()
    assert re.search(rf"observation log \(every term\)\s+{rows}\s+[\d.]+\s+\d+", text)
    verdicts = text.split("targets\n", 1)[1].strip().splitlines()
    assert len(verdicts) == len(TARGETS)
    for target, line in zip(TARGETS, verdicts, strict=True):
        assert target in line
        assert re.match(r"(met|NOT MET|not measured)\s", line)
    saved = json.loads((tmp_path / "scale-0.05.json").read_text())
    assert set(saved["pages"]) == {f"{role}:{page}" for role, page in PAGES}

    # A second run reuses the school instead of building another.
    again = bench(tmp_path, no_load=True, no_export=True)
    assert "reused" in again
    assert bench_students.count() == 40
    assert Observation.objects.filter(case__in=cases).count() == 2 * per_term * 40

    # A school of another size is refused, not mixed in.
    with pytest.raises(CommandError, match="another size"):
        call_command("bench", scale=0.1, terms=2, no_load=True, stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_the_load_test_runs_gunicorn_and_wrk_with_the_login_page_as_baseline(school, tmp_path):
    # gunicorn runs on the real clock, not the tests' school day: the sessions the bench
    # makes for it must expire (10 hours at most) and idle by the real time, or a run late
    # in the real day finds every page redirected to the log-in.
    with time_machine.travel(time_machine.escape_hatch.time.time(), tick=True):
        text = bench(tmp_path, no_export=True, seconds=1)
    if not wrk_available():
        assert "load test skipped: wrk is not installed" in text
        return
    table = text.split("load (2 workers, 50 conn)", 1)[1].split("targets", 1)[0]
    groups = ["login page", "teacher main pages", "admin main pages", "heavy (admin)"]
    # Each group also as every page built (no kept pages): shown, not a target.
    groups += ["built · teacher main pages", "built · admin main pages", "built · heavy (admin)"]
    for group in groups:
        assert re.search(rf"{re.escape(group)}\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+[\d.]+", table)
    assert re.search(r"login page\s+1\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+1\.00", table)
    assert re.search(r"(met|NOT MET)\s+no errors or timeouts under load", text)
