"""Inspections' plug-ins: reminders, the settings link, the dashboard panel, the demo."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse

from inspections import reminders_due, services
from inspections.models import InspectionResult, InspectionRound
from inspections.report import build_report
from school.scoping import Scope

from .factories.school import UserFactory


def test_reminders_for_rounds_due_within_a_week(school):
    inspector = UserFactory(username="backbone")
    r = services.create_round(
        term=school.term,
        kind="midterm",
        subject=school.chinese,
        due=datetime.date(2026, 11, 12),
        inspectors=[inspector],
        teachers=[school.head],
        user=school.principal,
    )
    assert list(reminders_due.due(today=datetime.date(2026, 11, 1))) == []
    due = list(reminders_due.due(today=datetime.date(2026, 11, 6)))
    assert {d.user_id for d in due} == {
        school.principal.pk,
        school.director.pk,
        inspector.pk,
        school.head.pk,
    }
    assert {(d.kind, d.key) for d in due} == {("inspection_due", str(r.pk))}
    services.save_inspection(
        inspection_round=r,
        teacher=school.head,
        inspector=inspector,
        scores={i.pk: (Decimal(8), "") for i in r.items.all()},
    )
    services.finalize_round(inspection_round=r, user=school.director)
    assert list(reminders_due.due(today=datetime.date(2026, 11, 6))) == []


def test_settings_links_for_leaders_and_directors(school, login):
    def links(user):
        return render_to_string("inspections/_manage_links.html", {"scope": Scope.for_user(user)})

    assert reverse("inspections:checklist") in links(school.principal)
    assert reverse("inspections:checklist") in links(school.director)
    assert links(school.teacher).strip() == ""
    assert login(school.teacher).get(reverse("inspections:checklist")).status_code == 403


def test_dashboard_panel_lists_rounds_to_inspect(school, login):
    inspector = UserFactory(username="backbone")
    assert not any(
        p.template.startswith("inspections/")
        for p in login(inspector).get(reverse("dashboard")).context["panels"]
    )
    r = services.create_round(
        term=school.term,
        kind="midterm",
        subject=school.chinese,
        due=datetime.date(2026, 11, 12),
        inspectors=[inspector],
        teachers=[school.head],
        user=school.director,
    )
    response = login(inspector).get(reverse("dashboard"))
    panel = next(p for p in response.context["panels"] if p.template.startswith("inspections/"))
    assert [x.pk for x in panel.context["rounds"]] == [r.pk]
    html = response.content.decode()
    assert "panel-inspections" in html
    assert reverse("inspections:round_detail", args=[r.pk]) in html


def test_demo_is_idempotent_and_gives_a_report_with_a_previous_round(db):
    call_command("seed_demo", "--quiet-logins", stdout=open("/dev/null", "w"))
    counts = (InspectionRound.objects.count(), InspectionResult.objects.count())
    call_command("seed_demo", "--quiet-logins", stdout=open("/dev/null", "w"))
    assert (InspectionRound.objects.count(), InspectionResult.objects.count()) == counts
    midterm = InspectionRound.objects.get(kind="midterm", term__is_current=True)
    teachers = midterm.teachers.count()
    assert midterm.is_finalized and teachers > 0
    # Two inspectors scored each teacher of the mid-term round, each on their own.
    assert midterm.results.count() == midterm.assignments.count() == 2 * teachers
    assert all(len(t.results) == 2 for t in build_report(midterm).teachers)
    report = build_report(midterm)
    assert report.previous is not None and report.overall.total is not None
    assert InspectionRound.objects.filter(kind="final", status="open").exists()
