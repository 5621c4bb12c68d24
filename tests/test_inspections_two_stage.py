"""A round in two stages: the subject group's self-check, then the office's re-check; both
sets of scores are kept and the report shows them side by side."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inspections import services
from inspections.models import InspectionResult, InspectionRound, SelfCheckScore

from .factories.school import UserFactory


def score_all(r, teacher, inspector, value):
    items = list(r.items.all())
    return services.save_inspection(
        inspection_round=r,
        teacher=teacher,
        inspector=inspector,
        scores={i.pk: (Decimal(value), "依据记录") for i in items},
    )


@pytest.fixture
def people(school):
    return (
        UserFactory(username="group", full_name="教研组长"),
        UserFactory(username="office", full_name="教导处"),
    )


def test_the_director_creates_a_two_stage_round(school, login, people):
    group, _office = people
    response = login(school.director).post(
        reverse("inspections:round_create"),
        {
            "kind": "midterm",
            "subject": school.chinese.pk,
            "due": "2026-12-20",
            "inspectors": [group.pk],
            "two_stage": "on",
        },
    )
    assert response.status_code == 302
    r = InspectionRound.objects.get()
    assert r.two_stage and r.stage == "self"


def test_self_check_then_recheck_keeps_both_sets(school, login, people, unchanged):
    group, office = people
    r = services.create_round(
        term=school.term,
        kind="midterm",
        subject=school.chinese,
        due=datetime.date(2026, 12, 20),
        inspectors=[group],
        teachers=[school.head],
        user=school.director,
        two_stage=True,
    )
    manager = login(school.director)
    with unchanged(SelfCheckScore):
        manager.post(reverse("inspections:round_recheck", args=[r.pk]))  # nobody scored yet
    score_all(r, school.head, group, 9)
    with pytest.raises(ValidationError):
        services.finalize_round(inspection_round=r, user=school.director)
    manager.post(reverse("inspections:round_recheck", args=[r.pk]))
    r.refresh_from_db()
    assert r.stage == "office"
    kept = SelfCheckScore.objects.get()
    assert (kept.inspector, kept.total_percent) == (group, Decimal("90.0"))
    assert set(kept.scores) == set(r.items.values_list("name", flat=True))
    assert not InspectionResult.objects.exists()

    services.update_round(
        inspection_round=r,
        due=r.due,
        inspectors=[office],
        teachers=[],
        assignments={school.head.pk: [office.pk]},
    )
    score_all(r, school.head, office, 7)
    services.finalize_round(inspection_round=r, user=school.director, review_note="复查完成")
    report = manager.get(reverse("inspections:report", args=[r.pk]))
    (row,) = report.context["report"].teachers
    assert (row.total, row.self_check_total) == (Decimal("70.0"), Decimal("90.0"))
    assert 'data-testid="self-check"' in report.content.decode()
