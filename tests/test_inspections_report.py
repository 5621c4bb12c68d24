"""The inspection report: by item, subject, grade and teacher; printable page and .xlsx."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from inspections import services
from inspections.report import build_report
from school.models import TeachingAssignment, Term

from .factories.school import TermFactory, UserFactory


def run_round(school, *, term, kind, teachers, values, problems=None, due=None):
    inspector = UserFactory(username="backbone")
    r = services.create_round(
        term=term,
        kind=kind,
        subject=school.maths,
        due=due or term.midterm_review,
        inspectors=[inspector],
        teachers=teachers,
        user=school.principal,
    )
    items = list(r.items.all())
    for n, t in enumerate(teachers):
        value = values[n % len(values)]
        services.save_inspection(
            inspection_round=r,
            teacher=t,
            inspector=inspector,
            scores={i.pk: (Decimal(value), "") for i in items},
            problems=(problems or {}).get(t.pk, ""),
            follow_up="跟进" if (problems or {}).get(t.pk) else "",
        )
    services.finalize_round(inspection_round=r, user=school.principal)
    return r


@pytest.fixture
def rounds(school):
    previous_term = TermFactory(
        start=datetime.date(2026, 2, 17),
        midterm_review=datetime.date(2026, 4, 22),
        final_review=datetime.date(2026, 6, 24),
        end=datetime.date(2026, 7, 4),
    )
    teachers = [school.teacher, school.stranger]
    before = run_round(school, term=previous_term, kind="final", teachers=teachers, values=[6])
    now = run_round(
        school,
        term=school.term,
        kind="midterm",
        teachers=teachers,
        values=[9, 7],
        problems={school.stranger.pk: '=HYPERLINK("http://x")'},
    )
    return before, now


def test_report_figures(school, rounds):
    before, now = rounds
    report = build_report(now)
    assert report.previous == before
    first = report.item_stats[0]
    assert (first.average, first.low, first.high, first.spread) == (
        Decimal("8.0"),
        Decimal("7"),
        Decimal("9"),
        Decimal("2"),
    )
    assert first.previous == Decimal("6.0") and first.delta == Decimal("2.0")
    assert report.overall.total == Decimal("80.0") and report.overall.delta == Decimal("20.0")
    assert [g.label for g in report.by_subject] == ["数学"]
    assert [g.label for g in report.by_grade] == ["三年级"]
    rows = {r.teacher: r for r in report.teachers}
    assert rows[school.teacher].total == Decimal("90.0")
    assert rows[school.teacher].delta == Decimal("30.0")
    assert rows[school.teacher].grades == ["三年级"]
    assert [t.teacher for t in report.problems] == [school.stranger]


def test_report_page_and_xlsx_for_the_director(school, login, rounds):
    _before, now = rounds
    client = login(school.principal)
    page = client.get(reverse("inspections:report", args=[now.pk]))
    assert page.status_code == 200
    assert "data-print" in page.content.decode()
    response = client.get(reverse("inspections:report_xlsx", args=[now.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(wb.sheetnames) == 9  # the cover, evidence and follow-up sheets came later
    problems = wb.worksheets[7]
    assert problems.cell(4, 3).value == '=HYPERLINK("http://x")'  # under title and caption
    assert problems.cell(4, 3).data_type == "s" and problems.cell(4, 3).quotePrefix
    teachers = wb.worksheets[4]
    total = [c.value for c in teachers[3]].index("加权得分（%）") + 1  # after the six items
    totals = {teachers.cell(r, 1).value: teachers.cell(r, total).value for r in range(4, 6)}
    assert totals == {"李老师": 90.0, "外班老师": 70.0}
    # The house style of core.xlsx: bold header, widths, frozen header, printable.
    assert response["Content-Disposition"].startswith('attachment; filename="inspection-report-')
    assert teachers.cell(3, 1).font.bold
    assert teachers.freeze_panes == "A4"
    assert teachers.column_dimensions["A"].width == 12
    assert problems.column_dimensions["C"].width == 40  # problems found, after the inspector
    assert teachers.print_title_rows == "$3:$3"


def test_report_is_for_the_managers_of_the_round(school, login, rounds):
    _before, now = rounds
    assert (
        login(school.teacher).get(reverse("inspections:report", args=[now.pk])).status_code == 404
    )
    assert (
        login(school.director).get(reverse("inspections:report", args=[now.pk])).status_code == 404
    )


@pytest.mark.parametrize("url_name", ["inspections:report", "inspections:report_xlsx"])
def test_report_runs_a_constant_number_of_queries(school, login, constant_queries, url_name):
    """Ten times the teachers (and their results this term and last), the same queries."""
    client = login(school.principal)
    report = {"round": _report_with_teachers(school, 3)}

    def fetch():
        assert client.get(reverse(url_name, args=[report["round"].pk])).status_code == 200

    def grow():
        report["round"] = _report_with_teachers(school, 30, rerun=True)

    constant_queries(fetch, grow)


def _report_with_teachers(school, n, rerun=False):
    from inspections.models import InspectionRound

    if rerun:  # the same two rounds again, with n teachers
        InspectionRound.objects.all().delete()
        Term.objects.exclude(pk=school.term.pk).delete()
    teachers = []
    for i in range(n):
        t = UserFactory(username=f"maths{i}")
        TeachingAssignment.objects.get_or_create(
            term=school.term, teacher=t, school_class=school.class_b, subject=school.maths
        )
        teachers.append(t)
    previous_term = TermFactory(
        start=datetime.date(2026, 2, 17),
        midterm_review=datetime.date(2026, 4, 22),
        final_review=datetime.date(2026, 6, 24),
        end=datetime.date(2026, 7, 4),
    )
    run_round(school, term=previous_term, kind="final", teachers=teachers, values=[6, 8])
    return run_round(school, term=school.term, kind="midterm", teachers=teachers, values=[7, 9])
