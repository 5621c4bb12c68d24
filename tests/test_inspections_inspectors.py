"""Several inspectors per teacher: each keeps their own scores; the teacher's result is
their average, with the spread where they disagree; a stale save is refused."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from inspections import services
from inspections.models import InspectionResult, ItemScore, RoundAssignment
from inspections.report import build_report

from .factories.school import UserFactory


@pytest.fixture
def pair(school):
    return (
        UserFactory(username="wang", full_name="王骨干"),
        UserFactory(username="zhao", full_name="赵骨干"),
    )


@pytest.fixture
def outsider():
    return UserFactory(username="qian", full_name="钱骨干")


@pytest.fixture
def two_round(school, pair, outsider):
    """The head teacher is inspected by 王 and 赵; the director by 钱 only."""
    wang, zhao = pair
    r = services.create_round(
        term=school.term,
        kind="midterm",
        subject=school.chinese,
        due=datetime.date(2026, 11, 12),
        inspectors=[wang, zhao, outsider],
        teachers=[school.head, school.director],
        user=school.director,
    )
    services.update_round(
        inspection_round=r,
        due=r.due,
        inspectors=[wang, zhao, outsider],
        teachers=[],
        assignments={school.head.pk: [wang.pk, zhao.pk], school.director.pk: [outsider.pk]},
    )
    return r


def form_data(r, value, **extra):
    data = {f"score-{i.pk}": str(value) for i in r.items.all()}
    data |= {f"comment-{i.pk}": "依据检查记录" for i in r.items.all()}
    return data | extra


def test_each_inspector_keeps_their_own_scores(school, login, two_round, pair):
    wang, zhao = pair
    url = reverse("inspections:inspect", args=[two_round.pk, school.head.pk])
    assert (
        login(wang).post(url, form_data(two_round, 9, problems="王的意见", version=0)).status_code
        == 302
    )
    assert (
        login(zhao).post(url, form_data(two_round, 5, problems="赵的意见", version=0)).status_code
        == 302
    )
    results = {r.inspector: r for r in InspectionResult.objects.filter(teacher=school.head)}
    assert set(results) == {wang, zhao}
    assert results[wang].problems == "王的意见" and results[wang].total_percent == Decimal("90.0")
    assert results[zhao].problems == "赵的意见" and results[zhao].total_percent == Decimal("50.0")
    # Each sees their own scores on the form, not the other's.
    page = login(wang).get(url)
    assert all(row["score"] == "9" for row in page.context["rows"])
    assert "赵的意见" not in page.content.decode()


def test_the_teachers_result_is_the_average_with_the_spread(school, login, two_round, pair):
    wang, zhao = pair
    items = list(two_round.items.all())
    first = items[0]
    wang_scores = {i.pk: (Decimal(8), "") for i in items}
    zhao_scores = {i.pk: (Decimal(8), "") for i in items} | {first.pk: (Decimal(3), "")}
    for inspector, scores in ((wang, wang_scores), (zhao, zhao_scores)):
        services.save_inspection(
            inspection_round=two_round, teacher=school.head, inspector=inspector, scores=scores
        )
    report = build_report(two_round)
    head = next(t for t in report.teachers if t.teacher == school.head)
    assert head.scores[0] == Decimal("5.5") and head.spreads[0] == Decimal("5")
    assert head.disputed[0] and not any(head.disputed[1:])
    assert head.scores[1] == Decimal("8.0") and head.spreads[1] == Decimal("0")
    totals = sorted(r.total_percent for r in head.results)
    assert head.total == (sum(totals) / 2).quantize(Decimal("0.1"))
    assert head.total_spread == totals[1] - totals[0]
    # The director of the round sees both inspectors, the average and the flag.
    page = login(school.director).get(
        reverse("inspections:inspect", args=[two_round.pk, school.head.pk])
    )
    combined = page.context["combined"]
    assert combined.items[0].average == Decimal("5.5") and combined.items[0].disputed
    html = page.content.decode()
    assert "王骨干" in html and "赵骨干" in html and "table-warning" in html


def test_an_unassigned_inspector_gets_404_and_sees_only_their_teachers(
    school, login, two_round, outsider
):
    client = login(outsider)
    url = reverse("inspections:inspect", args=[two_round.pk, school.head.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(two_round, 9, version=0)).status_code == 404
    assert not InspectionResult.objects.exists()
    page = client.get(reverse("inspections:round_detail", args=[two_round.pk]))
    assert [line.teacher for line in page.context["teachers"]] == [school.director]
    assert "王老师" not in page.content.decode()


def test_a_stale_save_is_refused_and_changes_nothing(school, login, two_round, pair, unchanged):
    wang, _zhao = pair
    url = reverse("inspections:inspect", args=[two_round.pk, school.head.pk])
    client = login(wang)
    assert client.post(url, form_data(two_round, 9, version=0)).status_code == 302
    # A second tab, opened before the first save, still holds version 0.
    with unchanged(InspectionResult, ItemScore):
        response = client.post(url, form_data(two_round, 4, version=0))
    assert response.status_code == 200
    assert "已被王骨干修改，请刷新后再保存" in response.content.decode()
    result = InspectionResult.objects.get()
    assert result.total_percent == Decimal("90.0") and result.version == 1
    # Reloaded, the page carries version 1 and the save goes through.
    assert client.get(url).context["form"].initial["version"] == 1
    assert client.post(url, form_data(two_round, 4, version=1)).status_code == 302
    assert InspectionResult.objects.get().total_percent == Decimal("40.0")


def test_the_director_assigns_inspectors_in_the_round_form(school, login, two_round, pair):
    wang, zhao = pair
    client = login(school.director)
    url = reverse("inspections:round_edit", args=[two_round.pk])
    form = client.get(url).context["form"]
    assert sorted(form.initial[f"assign_{school.head.pk}"]) == sorted([wang.pk, zhao.pk])
    data = {
        "due": "2026-11-12",
        "inspectors": [i.pk for i in two_round.inspectors.all()],
        f"assign_{school.head.pk}": [zhao.pk],
        f"assign_{school.director.pk}": [wang.pk, zhao.pk],
    }
    assert client.post(url, data).status_code == 302
    pairs = set(RoundAssignment.objects.values_list("teacher__username", "inspector__username"))
    assert pairs == {("head_a", "zhao"), ("director_cn", "wang"), ("director_cn", "zhao")}
    # A teacher left with nobody is a form error, and nothing changes.
    data[f"assign_{school.head.pk}"] = []
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].errors
    assert RoundAssignment.objects.count() == 3


def test_finalizing_waits_for_every_assigned_inspector(school, two_round, pair, outsider):
    wang, zhao = pair
    scores = {i.pk: (Decimal(8), "") for i in two_round.items.all()}
    for teacher, inspector in ((school.head, wang), (school.director, outsider)):
        services.save_inspection(
            inspection_round=two_round, teacher=teacher, inspector=inspector, scores=scores
        )
    with pytest.raises(Exception, match="王老师"):
        services.finalize_round(inspection_round=two_round, user=school.director)
    services.save_inspection(
        inspection_round=two_round, teacher=school.head, inspector=zhao, scores=scores
    )
    services.finalize_round(inspection_round=two_round, user=school.director)
