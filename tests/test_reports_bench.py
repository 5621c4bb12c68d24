"""The bench command runs (on a tiny school here; the real budget run is `make bench`)."""

from __future__ import annotations

import io
import re

from django.core.management import call_command

from archives.models import Observation
from students.models import Student


def test_bench_builds_a_small_school_and_prints_its_table(school):
    out = io.StringIO()
    call_command("bench", students=40, observations=200, iterations=2, stdout=out)
    text = out.getvalue()
    assert Student.objects.filter(student_number__startswith="BENCH-").count() == 40
    assert (
        Observation.objects.filter(case__student__student_number__startswith="BENCH-").count()
        == 200
    )
    assert "p95 ms" in text
    assert re.search(r"school dashboard\s+2\s+\d+\s+\d+", text)
    assert re.search(r"observation log\s+200\s+[\d.]+", text)

    # A second run reuses the school instead of doubling it.
    call_command("bench", students=40, observations=200, iterations=1, stdout=io.StringIO())
    assert Student.objects.filter(student_number__startswith="BENCH-").count() == 40
    assert Observation.objects.count() == 200
