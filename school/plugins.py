"""How apps plug into shared pages without editing them.

Each Bangfu app may define, in its own package:

- ``dashboard.py`` with ``panels(request) -> list[Panel]``: cards for the dashboard;
- ``demo.py`` with ``seed(ctx: dict) -> None``: its part of the demo school;
- ``templates/<app>/_nav.html``: its items in the navigation (included by base.html).

This module finds them, in the order of INSTALLED_APPS.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from django.apps import apps

BANGFU_APPS = (
    "school",
    "students",
    "archives",
    "homework",
    "evaluations",
    "family",
    "reminders",
    "reports",
)


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def app_modules(module_name: str):
    for label in BANGFU_APPS:
        if not apps.is_installed(label):
            continue
        try:
            yield label, importlib.import_module(f"{label}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{label}.{module_name}":
                raise


def dashboard_panels(request) -> list[Panel]:
    panels: list[Panel] = []
    for _label, module in app_modules("dashboard"):
        panels.extend(module.panels(request))
    return sorted(panels, key=lambda p: p.order)


def student_sections(request, student) -> list[Panel]:
    """Sections of a student's profile page, from each app's ``profile.py``."""
    sections: list[Panel] = []
    for _label, module in app_modules("profile"):
        sections.extend(module.sections(request, student))
    return sorted(sections, key=lambda p: p.order)
