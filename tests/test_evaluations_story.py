"""Done when: a director runs a mid-term round from creation to a finalized, exported
report with figures from the records; teachers read their own results."""

from __future__ import annotations

import datetime
import io

import openpyxl
from django.urls import reverse

from inspections.models import InspectionRound

from .factories.evaluations import EvaluationFactory, EvaluationResultFactory, GapFactory
from .factories.school import UserFactory


def test_director_runs_a_midterm_round_end_to_end(school, login):
    backbone = UserFactory(username="backbone", full_name="骨干教师")
    e = EvaluationFactory(
        term=school.term,
        school_class=school.class_a,
        subject=school.chinese,
        date=datetime.date(2026, 10, 9),
    )
    GapFactory(result=EvaluationResultFactory(evaluation=e, student=school.student_a, score=40))

    director = login(school.director)
    response = director.post(
        reverse("inspections:round_create"),
        {
            "kind": "midterm",
            "subject": school.chinese.pk,
            "due": "2026-11-12",
            "inspectors": [backbone.pk],
        },
    )
    r = InspectionRound.objects.get()
    assert response["Location"] == reverse("inspections:round_detail", args=[r.pk])

    inspector = login(backbone)
    for teacher, value in ((school.head, "9"), (school.director, "7")):
        url = reverse("inspections:inspect", args=[r.pk, teacher.pk])
        page = inspector.get(url)
        if teacher == school.head:  # the head teaches Chinese in class A: the records show
            figures = {f["e"].group: [] for f in page.context["general"]}
            for f in page.context["general"]:
                figures[f["e"].group].append(f["e"].value)
            assert figures["evaluations"][:3] == [1, 1, 1]
        data = {f"score-{i.pk}": value for i in r.items.all()}
        data |= {f"comment-{i.pk}": "良好" for i in r.items.all()}
        data |= {"problems": f"问题{value}", "follow_up": f"跟进{value}"}
        assert inspector.post(url, data).status_code == 302

    director = login(school.director)
    director.post(reverse("inspections:round_finalize", args=[r.pk]), {"review_note": "总体良好"})
    r.refresh_from_db()
    assert r.is_finalized

    report = director.get(reverse("inspections:report", args=[r.pk]))
    assert report.context["report"].overall.total == 80
    xlsx = director.get(reverse("inspections:report_xlsx", args=[r.pk]))
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    # after the cover, items, subject, grade, teacher, inspector and evidence sheets
    problems = [row for row in wb.worksheets[7].iter_rows(min_row=4, values_only=True)]
    assert sorted(problems) == [
        ("林教导", "骨干教师", "问题7", "跟进7"),
        ("王老师", "骨干教师", "问题9", "跟进9"),
    ]

    head = login(school.head).get(reverse("inspections:my_results")).content.decode()
    assert "问题9" in head and "问题7" not in head
