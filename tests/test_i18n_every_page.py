"""Every page of the demo school, for each demo login, in English and in Chinese.

In English no Han character is left outside what people wrote (names, notes, titles
they typed); in Chinese no English interface word is left outside acronyms, units and
what people wrote. The pages are found the way a user finds them — following the links
from the dashboard and its menus, page after page — and then every URL pattern of the
project not reached that way is filled with the role's own demo objects. A page that
refuses the role (403/404) is skipped for it; a 500 fails.

The demo is built once for the module, inside a transaction rolled back at its end.
"""

from __future__ import annotations

import html
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from lxml import html as lxml_html

from .conftest import SCHOOL_NOW
from .test_url_scoping import all_patterns

# The tests read what the module's fixture gathered; the mark makes pytest-django create
# the test database before that fixture runs.
pytestmark = pytest.mark.django_db

ROLES = ("principal", "admin", "director", "gradeleader", "headteacher", "teacher")
# Not pages: the language switch, logging out, and downloads of files (the workbooks'
# texts are tested by their own apps' tests).
SKIP_NAMES = {"set_language", "logout", "login"}
SKIP_NAMESPACES = {"admin", "djdt"}

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff60]+")
ASCII_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{3,}(?![A-Za-z])")
# Not words: addresses, paths and links, file names, e-mail addresses and tokens.
NOT_WORDS = re.compile(r"\S*[/@]\S*|\S+\.[A-Za-z]{2,4}\b|\b[\w-]{20,}\b")

# Chinese interface text the English page may keep: the brand beside its English name,
# the language's own name in the switcher, and the roster file's Chinese column titles (the school's files hold them).
HAN_ALLOWED = {"帮扶", "简体中文", "学号", "姓名", "性别", "班级", "出生日期", "状态", "示例"}
# English words a Chinese page may keep: the brand, the other language's own name in the
# switcher, acronyms and file formats, units and the names of things (Excel, WPS…).
ASCII_ALLOWED = {
    "Bangfu",
    "English",
    "Excel",
    "Word",
    "PowerPoint",
    "HEIC",
    "WPS",
    "LibreOffice",
    "PDF",
    "SVG",
    "CSV",
    "URL",
    "XLSX",
    "xlsx",
    "csv",
    "pdf",
    "svg",
    "png",
    "jpg",
    "jpeg",
    "PNG",
    "JPG",
    "JPEG",
    "HTTP",
    "HTTPS",
    "http",
    "https",
    "API",
    "ISO",
    "iOS",
    "Android",
    "Chrome",
    "Safari",
    "Edge",
    "Firefox",
    "min",
    "Tab",
    "Enter",
    "Esc",
    "Ctrl",
    "Shift",
    "CBM",
    "PLC",
    "KB",
    "MB",
    "GB",
    "ID",
    "IP",
}

# Pages whose system-written texts are still stored in the school's language, listed so
# that they cannot spread. None: every text the system stores is a message written again
# in the reader's language (core.text), or a seeded text (``<app>/seeded_texts.py``).
ENGLISH_NOT_YET: set[str] = set()

# What the demo's people wrote (the fields of the school's own data: names of people,
# classes, subjects and terms, and the texts teachers, leaders and families typed).
USER_TEXT_FIELDS = {
    "school.User": ("full_name", "username", "email"),
    "school.Term": ("academic_year", "name"),
    "school.SchoolClass": ("name",),
    "school.Subject": ("name", "code"),
    "students.Student": ("name", "student_number"),
    "archives.Observation": ("note",),
    "archives.TutoringSession": ("content", "result"),
    "archives.CaseDiscussion": ("ideas",),
    "archives.AgreedAction": ("description", "review_note", "result", "result_note"),
    "archives.ArchiveSummary": ("text",),
    "archives.MonitoringMeasure": ("name", "unit"),
    "archives.ProbePoint": ("note",),
    "archives.SupportCase": ("root_cause", "how_it_shows"),
    "archives.CaseEvidence": ("note", "score"),
    "archives.SupportGoal": ("description", "target", "outcome_note"),
    "archives.WatchNote": ("note",),
    "homework.Assignment": ("title", "unit"),
    "homework.Tier": ("content",),
    "homework.PersonalisedItem": ("content",),
    "homework.LoadOverride": ("reason",),
    "homework.MarkingRecord": ("mistakes", "comment"),
    "homework.HomeworkReview": ("comments",),
    "homework.LessonRecord": (
        "unit",
        "title",
        "goals",
        "key_points",
        "difficult_points",
        "tiered_exercises",
        "plan_text",
        "reflection",
    ),
    "homework.OverLimitResponse": ("note",),
    "evaluations.Evaluation": ("name",),
    "evaluations.Gap": ("knowledge_point", "remediation"),
    "inspections.InspectionRound": ("review_note",),
    "inspections.InspectionResult": ("problems", "follow_up"),
    "inspections.ItemScore": ("comment", "evidence_note"),
    "inspections.FollowUpItem": ("problem", "action", "done_note"),
    "inspections.SelfCheckScore": ("problems",),
    "family.FamilyProfile": ("notes",),
    "family.Guardian": ("name", "phone"),
    "family.FamilyContact": ("participants", "summary", "family_actions", "school_actions"),
    "family.ParentSession": ("topic", "speaker", "materials"),
    "afterschool.AfterSchoolGroup": ("name", "room"),
    "afterschool.GroupSession": ("note",),
    "afterschool.PeerSession": ("practised", "result"),
    "collab.TeamMeeting": ("title", "notes"),
    "collab.MeetingItem": ("decision",),
    "collab.MeetingAction": ("description",),
    "collab.CaseStudy": ("title", "situation", "causes_text", "steps", "results", "reflection"),
    "collab.SharingSession": ("topic", "record"),
}


def user_texts() -> list[str]:
    """Every value of the fields above, and the names objects show themselves by."""
    from django.apps import apps

    found: set[str] = set()
    for label, fields in USER_TEXT_FIELDS.items():
        model = apps.get_model(label)
        for row in model._base_manager.values_list(*fields):
            for value in row:
                if value:
                    found.add(str(value).strip())
                    found.update(line.strip() for line in str(value).splitlines())
    # The strategies teachers proposed (the library the school starts with has no author).
    for row in (
        apps.get_model("archives.SupportMeasure")
        ._base_manager.filter(author__isnull=False)
        .values_list("name", "summary", "steps", "evidence")
    ):
        found.update(str(v).strip() for v in row if v)
        found.update(line.strip() for v in row for line in str(v).splitlines())
    for label in ("school.Grade", "school.SchoolClass", "school.Term", "school.User"):
        found.update(str(obj) for obj in apps.get_model(label)._base_manager.all())
    found.update(("第一学期", "第二学期"))
    return sorted((t for t in found if not t.isdigit()), key=len, reverse=True)


def trie_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """One regular expression matching any of ``words`` (the longest first), as a trie,
    so thousands of names cost one pass over a page."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = True

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return re.compile(build(trie))


@dataclass
class Texts:
    """What a page shows a reader, and what of it people wrote."""

    user: re.Pattern[str]
    # One character (a unit such as 分) is what people wrote only when it stands alone:
    # taken out of longer text it would cut words out of the interface.
    short: frozenset[str] = frozenset()

    def visible(self, content: str) -> str:
        root = lxml_html.fromstring(content if content.strip() else "<p></p>")
        # A text in another language than the page's says so with ``lang`` (a letter
        # written in the family's language, a language's own name in the switcher).
        page_lang = root.get("lang") or (
            root.find("html").get("lang") if root.find("html") is not None else ""
        )
        for bad in root.xpath(
            "//script|//style|//template|//noscript|//comment()|//*[@data-user-text]"
        ):
            bad.drop_tree()
        for other in root.xpath("//body//*[@lang]"):
            if other.get("lang") != page_lang:
                other.drop_tree()
        parts = [root.text_content()]
        for attr in ("placeholder", "title", "aria-label", "alt"):
            parts += root.xpath(f"//@{attr}")
        text = html.unescape(" ".join(str(p) for p in parts))
        return self.user.sub(" ", text)

    def han_left(self, content: str) -> list[str]:
        return [
            w
            for w in HAN.findall(self.visible(content))
            if w not in HAN_ALLOWED and w not in self.short
        ]

    def english_left(self, content: str) -> list[str]:
        text = NOT_WORDS.sub(" ", self.visible(content))
        return [w for w in ASCII_WORD.findall(text) if w not in ASCII_ALLOWED]


def page_texts() -> Texts:
    written = user_texts()
    return Texts(
        trie_pattern(t for t in written if len(t) > 1),
        frozenset(t for t in written if len(t) == 1),
    )


@dataclass
class Visit:
    url: str
    status: int
    content: str = ""
    error: str = ""


@dataclass
class Walk:
    """The pages one role reaches: one URL per URL pattern."""

    role: str
    visits: dict[str, Visit] = field(default_factory=dict)  # pattern name → visit
    errors: list[str] = field(default_factory=list)


def pattern_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace.split(":")[0] in SKIP_NAMESPACES or match.url_name in SKIP_NAMES:
        return None
    return match.view_name


def get(client: Client, url: str) -> Visit:
    try:
        response = client.get(url)
    except Exception as exc:  # a view's exception is a 500 the user would see
        return Visit(url, 500, error=f"{type(exc).__name__}: {exc}")
    is_html = response.get("Content-Type", "").startswith("text/html")
    content = response.content.decode() if is_html and not response.streaming else ""
    return Visit(url, response.status_code, content)


def links(content: str) -> Iterator[str]:
    if not content.strip():
        return
    root = lxml_html.fromstring(content)
    for href in root.xpath("//a/@href"):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        yield parts.path


def crawl(client: Client, role: str, fillers: Callable[[str, list[str]], str | None]) -> Walk:
    """Follow the links from the dashboard; then every pattern the links did not reach."""
    walk = Walk(role)
    queue: deque[str] = deque(["/"])
    seen_paths: set[str] = set()

    def visit(path: str, name: str) -> None:
        page = get(client, path)
        walk.visits[name] = page
        if page.status >= 500:
            walk.errors.append(f"{role} {path}: {page.status} {page.error}")
        elif page.status == 200:
            queue.extend(links(page.content))

    def drain() -> None:
        while queue:
            path = queue.popleft()
            if path in seen_paths:
                continue
            seen_paths.add(path)
            name = pattern_name(path)
            if name is None or name in walk.visits:
                continue
            visit(path, name)

    drain()
    for name, kwargs in all_patterns():
        if name in walk.visits or name.split(":")[-1] in SKIP_NAMES:
            continue
        path = fillers(name, kwargs)
        if path is not None and path not in seen_paths:
            seen_paths.add(path)
            visit(path, name)
            drain()
    return walk


# --- URL keywords filled with the role's own demo objects -----------------------------


def kwarg_values(user) -> dict[str, Callable[[], object]]:
    """For each URL keyword, the role's first demo object of that kind (within its scope
    where a scope applies); a keyword the role has none of is left out."""
    from django.apps import apps

    from school.scoping import Scope

    scope = Scope.for_user(user)

    def first(label: str, **filters) -> Callable[[], object]:
        def make() -> object:
            obj = apps.get_model(label)._base_manager.filter(**filters).order_by("pk").first()
            return obj.pk if obj else None

        return make

    from archives.models import SupportCase
    from students.models import Student

    def case_ids():
        return SupportCase.objects.visible_to(scope).values("pk")

    students = Student.objects.visible_to(scope)
    return {
        "student_pk": lambda: students.order_by("pk").values_list("pk", flat=True).first(),
        "case_pk": first("archives.SupportCase", pk__in=case_ids()),
        "class_pk": lambda: scope.classes().order_by("pk").values_list("pk", flat=True).first(),
        "observation_pk": first("archives.Observation", case__in=case_ids()),
        "tutoring_pk": first("archives.TutoringSession", case__in=case_ids()),
        "discussion_pk": first("archives.CaseDiscussion", case__in=case_ids()),
        "summary_pk": first("archives.ArchiveSummary", case__in=case_ids()),
        "probe_pk": first("archives.ProbePoint", case__in=case_ids()),
        "monitoring_measure_pk": first("archives.MonitoringMeasure"),
        "goal_pk": first("archives.SupportGoal", case__in=case_ids()),
        "action_pk": first("archives.AgreedAction", discussion__case__in=case_ids()),
        "photo_pk": first("archives.ObservationPhoto", observation__case__in=case_ids()),
        "measure_pk": first("archives.SupportMeasure"),
        "watchnote_pk": first("archives.WatchNote", watch__student__in=students),
        "assignment_pk": first("homework.Assignment", school_class__in=scope.classes()),
        "lesson_pk": first("homework.LessonRecord"),
        "marking_photo_pk": first("homework.MarkingPhoto"),
        "limit_pk": first("homework.LoadLimit"),
        "cap_pk": first("homework.SubjectCap"),
        "calendar_day_pk": first("homework.CalendarDay"),
        "token": lambda: (
            apps.get_model("homework.NoticeLink")
            ._base_manager.values_list("token", flat=True)
            .first()
        ),
        "day": lambda: SCHOOL_NOW[:10],
        "evaluation_pk": first("evaluations.Evaluation"),
        "gap_pk": first("evaluations.Gap", result__student__in=students),
        "round_pk": first("inspections.InspectionRound"),
        "teacher_pk": lambda: user.pk,
        "user_pk": lambda: user.pk,
        "checklist_item_pk": first("inspections.ChecklistItem"),
        "follow_up_pk": first("inspections.FollowUpItem"),
        "evidence_key": lambda: None,
        "contact_pk": first("family.FamilyContact", student__in=students),
        "session_pk": first("family.ParentSession"),
        "member_pk": first("family.Guardian", profile__student__in=students),
        "group_pk": first("afterschool.AfterSchoolGroup"),
        "pairing_pk": first("afterschool.PeerPairing"),
        "meeting_pk": first("collab.TeamMeeting"),
        "study_pk": first("collab.CaseStudy"),
        "reminder_pk": first("reminders.Reminder", user=user),
        "job_pk": first("reports.ExportJob", user=user),
        "term_pk": lambda: apps.get_model("school.Term").objects.get(is_current=True).pk,
        "subject_pk": first("school.Subject"),
        "kind": lambda: "archive_stale",
    }


def fillers_for(user) -> Callable[[str, list[str]], str | None]:
    values = kwarg_values(user)
    cache: dict[str, object] = {}

    def value(kwarg: str) -> object:
        if kwarg not in cache:
            try:
                cache[kwarg] = values[kwarg]() if kwarg in values else None
            except LookupError:
                cache[kwarg] = None
        return cache[kwarg]

    def fill(name: str, kwargs: list[str]) -> str | None:
        filled = {k: value(k) for k in kwargs}
        if any(v is None for v in filled.values()):
            return None
        try:
            return reverse(name, kwargs=filled)
        except NoReverseMatch:
            return None

    return fill


# --- the demo, built once ---------------------------------------------------------------


def immediate_reminders_too() -> None:
    """The demo's users read their reminders in the daily digest (the default mode): give
    half the roles immediate reminders as well, made by the real scan, so the inbox, the
    panel and each reminder's page are read one by one, not only through the digest."""
    from reminders import services
    from reminders.models import Reminder, ReminderMode
    from school.models import User

    users = list(User.objects.filter(username__in=ROLES[::2]))
    for user in users:
        ReminderMode.objects.update_or_create(
            user=user, defaults={"mode": ReminderMode.Mode.IMMEDIATE}
        )
    Reminder.objects.filter(user__in=users, in_digest=True).delete()
    Reminder.objects.filter(user__in=users, kind=Reminder.Kind.DIGEST).delete()
    services.run_scan(send_email=False)
    assert (
        Reminder.objects.filter(user__in=users, in_digest=False)
        .exclude(kind=Reminder.Kind.DIGEST)
        .exists()
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[dict[str, Any]]:
    """The demo school, every role's walk through it; rolled back when the module ends."""
    from django.core.cache import cache

    from school.models import User

    with django_db_blocker.unblock(), time_machine.travel(SCHOOL_NOW, tick=True):
        with transaction.atomic():
            cache.clear()
            call_command("seed_demo", "--quiet-logins", verbosity=0)
            immediate_reminders_too()
            walks = {}
            for role in ROLES:
                user = User.objects.get(username=role)
                client = Client()
                client.force_login(user)
                walks[role] = crawl(client, role, fillers_for(user))
            texts = page_texts()
            english = {}
            for role in ROLES:
                user = User.objects.get(username=role)
                client = Client()
                client.force_login(user)
                client.cookies["django_language"] = "en"
                english[role] = {
                    name: get(client, visit.url)
                    for name, visit in walks[role].visits.items()
                    if visit.status == 200 and visit.content
                }
            yield {"walks": walks, "english": english, "texts": texts}
            transaction.set_rollback(True)
        cache.clear()


def test_every_role_reaches_the_pages_of_its_work(demo):
    reached = {
        role: {n for n, v in walk.visits.items() if v.status == 200}
        for role, walk in demo["walks"].items()
    }
    assert "archives:case_detail" in reached["teacher"]
    assert "family:student" in reached["headteacher"]
    assert "school:manage_home" in reached["admin"]
    for role in ROLES:
        assert len(reached[role]) > 30, (role, sorted(reached[role]))


@pytest.mark.parametrize("role", ROLES)
def test_no_page_fails(demo, role):
    walk = demo["walks"][role]
    errors = list(walk.errors)
    errors += [
        f"{role} {v.url} (en): {v.status} {v.error}"
        for v in demo["english"][role].values()
        if v.status >= 500
    ]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("role", ROLES)
def test_english_pages_show_no_chinese_interface_text(demo, role):
    texts: Texts = demo["texts"]
    found = {}
    for name, visit in demo["english"][role].items():
        if visit.status == 200 and visit.content and name not in ENGLISH_NOT_YET:
            left = texts.han_left(visit.content)
            if left:
                found[f"{name} {visit.url}"] = sorted(set(left))[:15]
    assert not found, "\n".join(f"{k}: {v}" for k, v in sorted(found.items()))


@pytest.mark.parametrize("role", ROLES)
def test_chinese_pages_show_no_english_interface_words(demo, role):
    texts: Texts = demo["texts"]
    found = {}
    for name, visit in demo["walks"][role].visits.items():
        if visit.status == 200 and visit.content:
            left = texts.english_left(visit.content)
            if left:
                found[f"{name} {visit.url}"] = sorted(set(left))[:15]
    assert not found, "\n".join(f"{k}: {v}" for k, v in sorted(found.items()))
