"""Who changes the school-wide inspection rules: the principal or the administrator keep
the default checklist, the scale and the thresholds; a director keeps their subject's own
checklist, which that subject's rounds then use. Every change is kept with who made it."""

from __future__ import annotations

import datetime

from django.urls import reverse

from inspections import services
from inspections.models import ChecklistItem, InspectionSettings

from .factories.school import UserFactory


def item_data(**extra):
    return {
        "subject": "",
        "name": "听课记录",
        "area": "other",
        "description": "",
        "weight": "1",
        "order": "9",
        "is_active": "on",
    } | extra


def test_a_director_keeps_their_subjects_checklist_and_its_rounds_use_it(school, login):
    client = login(school.director)
    response = client.post(
        reverse("inspections:checklist_create"),
        item_data(subject=str(school.chinese.pk), name="语文作业批改", area="homework_marking"),
    )
    assert response.status_code == 302
    own = ChecklistItem.objects.get(name="语文作业批改")
    assert own.subject == school.chinese
    assert own.history.get().history_user == school.director
    backbone = UserFactory(username="bb", full_name="骨干")
    chinese = services.create_round(
        term=school.term,
        kind="midterm",
        subject=school.chinese,
        due=datetime.date(2026, 11, 12),
        inspectors=[backbone],
        teachers=[school.head],
        user=school.director,
    )
    maths = services.create_round(
        term=school.term,
        kind="midterm",
        subject=school.maths,
        due=datetime.date(2026, 11, 12),
        inspectors=[backbone],
        teachers=[school.teacher],
        user=school.principal,
    )
    assert [i.name for i in chinese.items.all()] == ["语文作业批改"]
    assert "备课" in [i.name for i in maths.items.all()]  # maths has none: the default


def test_a_director_cannot_change_the_default_checklist_or_another_subject(
    school, login, unchanged
):
    client = login(school.director)
    default = ChecklistItem.objects.get(name="备课")
    with unchanged(ChecklistItem):
        assert (
            client.post(
                reverse("inspections:checklist_edit", args=[default.pk]), item_data()
            ).status_code
            == 404
        )
        refused = client.post(
            reverse("inspections:checklist_create"), item_data(subject=str(school.maths.pk))
        )
        assert refused.status_code == 200 and refused.context["form"].errors["subject"]
        blank = client.post(reverse("inspections:checklist_create"), item_data())
        assert blank.context["form"].errors["subject"]


def test_only_school_leaders_change_the_scoring_scale(school, login, unchanged):
    InspectionSettings.load()
    director = login(school.director)
    assert director.get(reverse("inspections:settings")).status_code == 200
    with unchanged(InspectionSettings):
        assert director.post(reverse("inspections:settings"), {"max_score": "5"}).status_code == 403
    principal = login(school.principal)
    assert principal.post(reverse("inspections:settings"), {"max_score": "5"}).status_code == 302
    settings = InspectionSettings.load()
    assert settings.max_score == 5
    assert settings.history.latest().history_user == school.principal
