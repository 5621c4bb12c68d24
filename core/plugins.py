"""How apps plug into shared pages without editing them.

Each Bangfu app may define, in its own package (all optional):

- ``panels.py``: ``panels(request) -> list[Panel]``, cards for the home dashboard;
- ``profile.py``: ``sections(request, student) -> list[Panel]``, sections of a
  student's profile page;
- ``demo.py``: ``seed(ctx: dict) -> None``, its part of the demo school
  (ctx: see school/management/commands/seed_demo.py);
- ``timeline.py``: ``entries(*, scope, student, subject, term) -> list[TimelineEntry]``,
  its entries in a student's progress archive (a constant number of queries);
- ``reminders_due.py``: ``due(*, today) -> Iterable[DueReminder]``, what the daily
  reminder scan should send (see reminders/);
- ``evidence.py``: ``evidence(*, teacher, term, start, end) -> list[Evidence]``,
  figures an inspection shows for a teacher instead of re-counting; and optionally
  ``records(*, teacher, term, start, end, key) -> list[EvidenceRecords]``, the records
  behind the figure named ``key`` (empty for a key the app does not know);
- ``erasure.py``: ``erase(student) -> None``, anonymise what the app holds about
  one student, history tables included (helpers in core/anonymise.py, orchestrated by students/retention.py), and
  optionally ``preview(student) -> list[str]``, what that will remove, for the
  confirmation page;
- ``sheets.py``: its part of the summary workbook (reports/), each function
  keyword-only ``scope`` and ``filters`` (a ``school.reporting.Filters``):
  ``sheets(...) -> list[Sheet]``, ``overview_rows(...) -> list[Figure]`` (lines
  of the overview sheet) and ``case_columns(*, scope) -> list[CaseColumn]``
  (columns of the struggling-student list);
- ``monitoring_points.py``: ``points(*, cases, source) -> list[(case id, Point)]``,
  monitoring points of a measure's source from the app's records, and ``dose.py``:
  ``delivered(*, cases, kinds) -> list[(case id, kind, date, minutes or None)]``, the
  support it delivered (both for ``archives/monitoring_data.py``, one query per source or
  kind), with ``targets`` / ``named`` / ``name_target`` for a dose that names what it
  counts (an after-school group: ``archives/dose_targets.py``);
- ``process_evaluation.py``: ``sections(*, request, teacher, terms) -> list[Panel]``,
  sections of a teacher's process-evaluation page (inspections/), e.g. collab's
  sharing sessions presented and attended;
- ``templates/<app>/_nav.html``: its navigation items (base.html includes every
  one, through the ``plugin_templates`` tag of ``core/templatetags/plugin_tags.py``);
- ``templates/<app>/_manage_links.html``: its links on the school-settings page.

This module finds them, in the order of INSTALLED_APPS: a Bangfu app is an
INSTALLED_APPS entry whose package lives in the project folder (``BASE_DIR``),
so adding an app to the settings is all it takes to plug it in.
"""

from __future__ import annotations

import datetime
import functools
import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings


@functools.cache
def bangfu_apps() -> tuple[str, ...]:
    """Packages of the project's own apps, in INSTALLED_APPS order (core included)."""
    base = Path(settings.BASE_DIR).resolve()
    return tuple(
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == base
    )


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    wide: bool = False  # spans the dashboard's full width instead of half of it


@dataclass
class TimelineEntry:
    """One entry of a student's progress archive timeline, from any app."""

    date: datetime.date
    kind: str  # a stable key: "observation", "homework_marking", "evaluation", "family_contact"…
    kind_label: str  # translated, shown as a badge
    title: str
    body: str = ""  # plain text, shown escaped
    rating: int | None = None  # 1–5, drawn on the archive's chart
    score_percent: float | None = None  # 0–100, drawn on the chart (tests, evaluations)
    author: str = ""
    url: str = ""
    created_at: datetime.datetime | None = None  # orders entries of the same day
    # Restricted or family data: ``reads`` is the AccessRecord.What the entry shows
    # (the archive logs it once per request); ``withheld`` marks a body replaced by
    # "a restricted note exists" (workbooks leave that cell blank).
    reads: str = ""
    withheld: bool = False


@dataclass
class DueReminder:
    """Something the daily scan should tell one user, once.

    ``key`` makes it unique: the same (user, kind, key) is never sent twice.
    """

    user_id: int
    kind: str  # "review_due", "inspection_due", "home_visit_overdue", "archive_stale", "homework_over_limit"
    key: str
    title: str
    body: str = ""
    url: str = ""
    # The daily digest groups by ``kind``: one line per kind, "逾期家访 2 名".
    count: int = 1  # how many things (students, cases, tasks) this reminder is about
    kind_label: str = ""  # a kind the reminders app does not know names itself here
    list_url: str = ""  # the list the digest line links to (default: the inbox of the kind)
    # Written in the reader's language when shown: the English msgids (marked with
    # gettext_noop) and their parameters; ``title``/``body`` stay the stored fallback.
    title_text: str = ""
    body_text: str = ""
    params: dict = field(default_factory=dict)


@dataclass
class Evidence:
    """A figure an inspection form shows for one teacher, drawn from the records."""

    label: str
    value: int | float | str
    url: str = ""
    group: str = ""  # the checklist area it supports, e.g. "homework_marking"
    warning: bool = False  # shown highlighted (e.g. stale archives)
    # A stable name ("homework.collected") that school thresholds turn into a suggested
    # score, and that the inspector's drill-down (``records``) opens the records of.
    key: str = ""
    # A rate: ``value`` is then the share, shown with its numerator and denominator.
    numerator: int | None = None
    denominator: int | None = None

    @property
    def measure(self) -> float | None:
        """The number a threshold compares: the rate in %, else a numeric value."""
        if self.denominator is not None:
            return 100 * (self.numerator or 0) / self.denominator if self.denominator else None
        if isinstance(self.value, int | float) and not isinstance(self.value, bool):
            return float(self.value)
        return None

    @property
    def display(self) -> str:
        """``31/31 · 100%`` for a rate; the value otherwise."""
        if self.denominator is not None:
            share = self.measure
            percent = "—" if share is None else f"{share:.0f}%"
            return f"{self.numerator or 0}/{self.denominator} · {percent}"
        return str(self.value)


@dataclass
class EvidenceRecords:
    """The records behind one evidence figure, for an inspector's read-only drill-down.

    ``rows`` are lists of plain values (strings, numbers, dates), escaped when shown;
    ``student_ids`` are the students whose records the table shows (their read is logged).
    """

    title: str
    headers: list[str]
    rows: list[list]
    student_ids: list[int] = field(default_factory=list)


@dataclass
class Sheet:
    """One sheet of the summary workbook; ``rows`` is an iterable, consumed once."""

    title: str
    headers: list[str]
    rows: Iterable[Iterable]
    widths: list[int] = field(default_factory=list)
    order: int = 100
    row_count: Callable[[], int] | None = None  # cheap count, to decide on a background export
    # The 合计 row under the data (label first), computed when the rows are written; only
    # for sheets whose columns add up (distinct counts are counted again, not summed).
    totals: Callable[[], Sequence] | None = None
    # Raw logs (observations, contacts) go into the separate 明细 workbook, not the summary.
    detail: bool = False
    # The period and scope the sheet covers, under its title ("" for the workbook's caption).
    caption: str = ""


@dataclass
class Figure:
    """One line of the workbook's overview sheet: a label and its value."""

    label: str
    value: object
    order: int = 100  # lines are sorted by it across apps


@dataclass
class CaseColumn:
    """An extra column of the struggling-student list, filled a batch of cases at a time."""

    header: Callable[[], str]
    # a batch of rows (case id, student id, class id, identified on, …) → {case id: value}
    values: Callable[[list[tuple]], dict]
    width: int = 14


def app_modules(module_name: str):
    for name in bangfu_apps():
        try:
            yield name, importlib.import_module(f"{name}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{name}.{module_name}":
                raise


def collect(module_name: str, function: str, **kwargs) -> list:
    """Call ``function(**kwargs)`` in every app's ``module_name`` module; join the lists."""
    items: list = []
    for _label, module in app_modules(module_name):
        if hasattr(module, function):
            items.extend(getattr(module, function)(**kwargs))
    return items


def dashboard_panels(request) -> list[Panel]:
    panels: list[Panel] = []
    for _label, module in app_modules("panels"):
        panels.extend(module.panels(request))
    return sorted(panels, key=lambda p: p.order)


def student_sections(request, student) -> list[Panel]:
    """Sections of a student's profile page, from each app's ``profile.py``."""
    sections: list[Panel] = []
    for _label, module in app_modules("profile"):
        sections.extend(module.sections(request, student))
    return sorted(sections, key=lambda p: p.order)


def erase_student(student) -> None:
    """Run every app's ``erasure.erase(student)``, the apps built on others first.

    Reverse INSTALLED_APPS order: reports and reminders still see the student's
    name (to find exports and reminders that mention it) before students/ itself
    anonymises the row.
    """
    for _label, module in reversed(list(app_modules("erasure"))):
        module.erase(student)
    from . import page_cache

    page_cache.bump()  # the erasure rewrites rows in bulk (no signals): no kept page shows the name


def erasure_preview(student) -> list[str]:
    """What erasing ``student`` removes, one translated line per kind of record."""
    return collect("erasure", "preview", student=student)


@functools.cache
def app_templates(file_name: str) -> tuple[str, ...]:
    """``<app>/<file_name>`` for every app that has ``<app>/templates/<app>/<file_name>``.

    In INSTALLED_APPS order: how base.html finds each app's ``_nav.html``.
    """
    found = []
    configs = {config.name: config for config in apps.get_app_configs()}
    for name in bangfu_apps():
        config = configs[name]
        if (Path(config.path) / "templates" / config.label / file_name).is_file():
            found.append(f"{config.label}/{file_name}")
    return tuple(found)
