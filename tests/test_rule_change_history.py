"""School-wide rules show their 修改记录: who, when, field: before → after in plain
labels (core/history.py), on the scoring scale, the load limits, the warning rule and
the checklist."""

from __future__ import annotations

import pytest
from django.urls import reverse

from evaluations.models import EvaluationSettings
from homework.models import LoadLimit
from inspections.models import ChecklistItem, InspectionSettings

pytestmark = pytest.mark.django_db


def _changes(html: str) -> str:
    return html.split('id="changes"')[1].split("</ol>")[0]


def test_a_scoring_scale_change_is_shown_with_who_and_before_after(school, login):
    InspectionSettings.load()
    client = login(school.principal)
    url = reverse("inspections:settings")
    assert client.post(url, {"max_score": "20"}).status_code == 302
    entries = _changes(client.get(url).content.decode())
    assert "周校长" in entries and "修改" in entries
    assert "<del>10</del> → <strong>20</strong>" in entries
    assert "检查评分标准（每项最高分）" in entries
    # A director reads the scale and its history too.
    assert "<del>10</del> → <strong>20</strong>" in login(school.director).get(url).content.decode()


def test_a_load_limit_change_is_shown_on_the_limit_and_the_settings_page(school, login):
    limit = LoadLimit.objects.get(band="upper")
    before, note = limit.minutes, limit.note or "—"
    band = limit.get_band_display()
    client = login(school.admin)
    edit = reverse("homework:limit_edit", args=[limit.pk])
    assert client.post(edit, {"minutes": "50", "note": "校内规定"}).status_code == 302
    for url in (edit, reverse("homework:limits")):
        entries = _changes(client.get(url).content.decode())
        assert "管理员" in entries and band in entries
        assert f"<del>{before}</del> → <strong>50</strong>" in entries
        assert f"<del>{note}</del> → <strong>校内规定</strong>" in entries


def test_a_warning_rule_change_is_shown_field_by_field(school, login):
    EvaluationSettings.load()
    client = login(school.principal)
    url = reverse("evaluations:settings")
    rule = EvaluationSettings.load()
    data = {
        "warning_kind": rule.warning_kind,
        "warning_consecutive": rule.warning_consecutive + 1,
        "excellent_percent": rule.excellent_percent,
    }
    assert client.post(url, data).status_code == 302
    change = (
        f"<del>{rule.warning_consecutive}</del> → <strong>{rule.warning_consecutive + 1}</strong>"
    )
    for page in (url, reverse("evaluations:warnings")):
        entries = _changes(client.get(page).content.decode())
        assert "周校长" in entries and change in entries


def test_a_checklist_change_reads_field_before_after(school, login):
    item = ChecklistItem.objects.filter(subject__isnull=True).first()
    client = login(school.principal)
    data = {
        "subject": "",
        "name": item.name,
        "area": item.area,
        "description": item.description,
        "weight": item.weight + 1,
        "order": item.order,
        "is_active": "on",
    }
    response = client.post(reverse("inspections:checklist_edit", args=[item.pk]), data)
    assert response.status_code == 302
    html = client.get(reverse("inspections:checklist")).content.decode()
    entries = _changes(html)
    assert item.name in entries and "周校长" in entries
    assert f"<del>{item.weight}</del> → <strong>{item.weight + 1}</strong>" in entries
    assert "<title>" in html and "<h2" not in html.split("<title>")[1].split("</title>")[0]
