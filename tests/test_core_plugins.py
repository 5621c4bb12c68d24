"""The registry finds each app's plug-ins by file name, in INSTALLED_APPS order."""

from __future__ import annotations

from django.urls import reverse

from core.plugins import app_modules, app_templates


def test_navigation_and_settings_links_are_found_in_installed_apps_order():
    assert app_templates("_nav.html") == (
        "archives/_nav.html",
        "homework/_nav.html",
        "evaluations/_nav.html",
        "inspections/_nav.html",
        "family/_nav.html",
        "afterschool/_nav.html",
        "collab/_nav.html",
        "reports/_nav.html",
    )
    assert app_templates("_manage_links.html") == (
        "archives/_manage_links.html",
        "homework/_manage_links.html",
        "evaluations/_manage_links.html",
        "inspections/_manage_links.html",
    )


def test_plug_in_modules_are_named_by_what_they_give():
    assert [label for label, _ in app_modules("panels")] == [
        "school",
        "students",
        "archives",
        "homework",
        "evaluations",
        "inspections",
        "family",
        "reminders",
        "reports",
    ]
    assert [label for label, _ in app_modules("reminders_due")] == [
        "archives",
        "homework",
        "inspections",
        "family",
        "reminders",
    ]
    assert [label for label, _ in app_modules("sheets")] == [
        "archives",
        "homework",
        "evaluations",
        "inspections",
        "family",
    ]
    assert list(app_modules("dashboard")) == []


def test_every_apps_navigation_shows_in_the_menu(client, school):
    client.force_login(school.principal)
    page = client.get(reverse("dashboard")).text
    for name in ("archives:case_list", "homework:week", "family:visit_plan", "reports:dashboard"):
        assert f'href="{reverse(name)}' in page


def test_the_settings_page_links_to_every_apps_settings(client, school):
    client.force_login(school.principal)
    page = client.get(reverse("school:manage_home")).text
    links = [
        "archives:measure_list",
        "homework:limits",
        "evaluations:settings",
        "inspections:checklist",
    ]
    positions = [page.index(f'href="{reverse(name)}') for name in links]
    assert positions == sorted(positions)
