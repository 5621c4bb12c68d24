"""Optimistic locking (core.locking): a save from a page older than the last save is
refused, naming who saved last, and changes nothing — on every form two people may edit
at once: support plans, family profiles, evaluation grids (inspections: see
test_inspections_inspectors)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archives.models import SupportCase, SupportGoal
from evaluations.models import EvaluationResult
from family.models import FamilyProfile, Guardian

from .factories.evaluations import EvaluationFactory
from .factories.family import open_case
from .factories.students import case_a

STALE = "已被{}修改，请刷新后再保存"


def plan_data(school, description: str, version) -> dict:
    return {
        "goals-TOTAL_FORMS": "1",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "10",
        "goals-0-description": description,
        "goals-0-target": "基础题都完成",
        "goals-0-due_on": "2026-11-12",
        "responsible_teachers": [school.teacher.pk],
        "version": version,
    }


def test_a_stale_plan_save_is_refused(school, login, unchanged):
    case = case_a(school)
    client = login(school.teacher)
    url = reverse("archives:case_plan", args=[case.pk])
    opened = client.get(url).context["plan_form"].initial["version"]
    assert client.post(url, plan_data(school, "第一次保存", opened)).status_code == 302
    with unchanged(SupportCase, SupportGoal):
        response = client.post(url, plan_data(school, "旧页面的保存", opened))
    assert response.status_code == 200
    assert STALE.format(school.teacher) in response.content.decode()
    assert [g.description for g in case.goals.all()] == ["第一次保存"]
    reloaded = client.get(url).context["plan_form"].initial["version"]
    assert client.post(url, plan_data(school, "刷新后保存", reloaded)).status_code == 302
    assert [g.description for g in case.goals.all()] == ["刷新后保存"]


def profile_data(notes: str, version) -> dict:
    return {
        "primary_caregiver": "grandparents",
        "notes": notes,
        "guardians-TOTAL_FORMS": "0",
        "guardians-INITIAL_FORMS": "0",
        "guardians-MIN_NUM_FORMS": "0",
        "guardians-MAX_NUM_FORMS": "1000",
        "version": version,
    }


def test_a_stale_family_profile_save_is_refused(school, login, unchanged):
    open_case(school.student_a, school.maths, school.term, school.teacher)
    url = reverse("family:profile_edit", args=[school.student_a.pk])
    head = login(school.head)
    assert head.post(url, profile_data("第一次", 0)).status_code == 302
    profile = FamilyProfile.objects.get()
    assert profile.version == 1
    with unchanged(FamilyProfile, Guardian):
        response = head.post(url, profile_data("旧页面", 0))
    assert response.status_code == 200
    assert STALE.format(school.head) in response.content.decode()
    assert FamilyProfile.objects.get().notes == "第一次"
    assert head.get(url).context["form"].initial["version"] == 1
    assert head.post(url, profile_data("第二次", 1)).status_code == 302
    assert FamilyProfile.objects.get().notes == "第二次"


def test_a_stale_grid_save_is_refused(school, login, unchanged):
    evaluation = EvaluationFactory(
        term=school.term,
        school_class=school.class_a,
        subject=school.maths,
        created_by=school.teacher,
        name="第一单元测验",
    )
    url = reverse("evaluations:detail", args=[evaluation.pk])
    client = login(school.teacher)
    assert 'name="version" value="0"' in client.get(url).content.decode()
    key = f"score-{school.student_a.pk}"
    assert client.post(url, {key: "80", "version": "0"}).status_code == 302
    with unchanged(EvaluationResult):
        response = client.post(url, {key: "20", "version": "0"})
    assert response.status_code == 200
    assert STALE.format(school.teacher) in response.content.decode()
    assert EvaluationResult.objects.get().score == 80
    assert 'name="version" value="1"' in client.get(url).content.decode()
    assert client.post(url, {key: "20", "version": "1"}).status_code == 302
    assert EvaluationResult.objects.get().score == 20


@pytest.mark.parametrize("version", ["abc", "-1", "99999999999999"])
def test_a_garbled_version_is_not_a_500(school, login, version):
    case = case_a(school)
    response = login(school.teacher).post(
        reverse("archives:case_plan", args=[case.pk]), plan_data(school, "步骤", version)
    )
    assert response.status_code in (200, 302)
