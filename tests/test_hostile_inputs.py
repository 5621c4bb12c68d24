"""Hostile input on every form, GET parameter and date in a path: never a 500.

The URLs are walked from the resolver (as in ``test_url_scoping``), so a page
added later is swept without editing this file. Each page is fetched as the
first user who can see it, its forms are read from the HTML, and every field is
posted each hostile value: an empty string, 10,000 characters, ``NaN``, ``-1``,
``1e309``, dates at the ends of the calendar, a NUL character, a lone
surrogate, ``<script>``, a spreadsheet formula, an id from another class, and
a list where one value belongs. A request that was refused (anything but a
redirect) must leave every table as it was.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from django.apps import apps
from django.urls import reverse

from .test_url_scoping import PATTERNS, url_kwarg_makers

LONG = "长" * 10_000
LONE_SURROGATE = object()  # sent as the raw bytes of U+D800, which no UTF-8 encoder allows
TWO_VALUES = object()  # the field sent twice: an array where a scalar belongs
OTHER_CLASS = object()  # the pk of class B or its student, outside class A's pages

HOSTILE = [
    "",
    LONG,
    "NaN",
    "-1",
    "1e309",
    "0001-01-01",
    "9999-12-31",
    "a\x00b",
    LONE_SURROGATE,
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil.example","点我")',
    OTHER_CLASS,
    TWO_VALUES,
]
GET_PARAMS = ["week", "page", "q", "next", "date", "day", "month", "term", "grade", "school_class"]
SKIP_FIELDS = {"csrfmiddlewaretoken"}
TEXT_TYPES = {"text", "number", "date", "search", "email", "tel", "url", "", "password"}


class FormReader(HTMLParser):
    """The forms of a page: method, action and each field's name, kind and value."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._textarea: dict | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (a.get("method") or "get").lower(),
                    "action": a.get("action"),
                    "fields": [],
                }
            )
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = a.get("name")
        if tag == "input" and name and name not in SKIP_FIELDS:
            kind = (a.get("type") or "").lower()
            if kind in {"submit", "button", "reset", "image", "file"}:
                if kind == "submit":
                    fields.append({"name": name, "kind": "submit", "value": a.get("value", "")})
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                fields.append({"name": name, "kind": kind, "value": None, "option": a.get("value")})
                return
            fields.append({"name": name, "kind": kind, "value": a.get("value", "")})
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "kind": "textarea", "value": ""}
            fields.append(self._textarea)
        elif tag == "select" and name:
            self._select = {"name": name, "kind": "select", "value": None, "first": None}
            fields.append(self._select)
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None and value:
                self._select["first"] = value
            if "selected" in a:
                self._select["value"] = value
        elif tag == "button" and name:
            fields.append({"name": name, "kind": "submit", "value": a.get("value", "")})

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            if self._select is not None and self._select["value"] is None:
                self._select["value"] = self._select["first"] or ""
            self._select = None


def read_forms(html: str) -> list[dict]:
    reader = FormReader()
    reader.feed(html)
    return reader.forms


def encode(value, school) -> list[str]:
    """The URL-encoded forms of one hostile value (several for a list)."""
    if value is LONE_SURROGATE:
        return ["%ED%A0%80"]
    if value is OTHER_CLASS:
        return [str(school.student_b.pk)]
    if value is TWO_VALUES:
        return ["1", "2"]
    return [quote(value, safe="")]


def body(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote(name, safe='')}={value}" for name, value in pairs)


def default_pairs(fields: list[dict]) -> list[tuple[str, str]]:
    return [
        (f["name"], quote(f["value"] or "", safe=""))
        for f in fields
        if f["value"] is not None and f["kind"] != "submit"
    ]


# Values sent to every field at once, choices and hidden fields included.
EVERY_FIELD = (LONG, OTHER_CLASS, TWO_VALUES, "a\x00b")


def hostile_bodies(fields: list[dict], school):
    """Each hostile value in the typed fields (the rest as the page filled them in),
    then a few in every field at once: about 17 requests a form."""
    names = list(dict.fromkeys(f["name"] for f in fields if f["kind"] != "submit"))
    submits = [
        (f["name"], quote(f["value"] or "", safe="")) for f in fields if f["kind"] == "submit"
    ]
    typed = {
        f["name"]
        for f in fields
        if f["kind"] in TEXT_TYPES | {"textarea"} and f["kind"] != "hidden"
    }
    if typed:
        kept = [(n, v) for n, v in default_pairs(fields) if n not in typed]
        for value in HOSTILE:
            encoded = encode(value, school)
            yield body(kept + [(name, v) for name in typed for v in encoded] + submits[:1])
    for value in EVERY_FIELD:
        encoded = encode(value, school)
        yield body([(name, v) for name in names for v in encoded] + submits[:1])


# Sessions change on every login; axes records a wrong password even when it refuses it.
LOG_APPS = {"sessions", "axes"}


def table_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy and m._meta.app_label not in LOG_APPS
    }


def viewers(school):
    """The first of these who can see a page is the one who attacks it."""
    return [school.admin, school.principal, school.head, school.teacher, school.director]


@pytest.mark.parametrize(("name", "kwargs"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_hostile_input_never_gives_a_500(client, school, name, kwargs):
    client.raise_request_exception = False
    makers = url_kwarg_makers()
    url = reverse(name, kwargs={k: makers[k](school) for k in kwargs})
    failures: list[str] = []
    unchanged: list[str] = []

    def check(response, what):
        if response.status_code >= 500:
            failures.append(f"{what} → {response.status_code}")

    page = None
    for user in viewers(school):
        client.force_login(user)
        response = client.get(url)
        check(response, f"GET {url} as {user.username}")
        if response.status_code in (200, 405):
            page = response
            break
    if page is not None:
        html = page.get("Content-Type", "").startswith("text/html") and not page.streaming
        forms = read_forms(page.content.decode()) if html else []
        if page.status_code == 405:
            forms = [{"method": "post", "action": "", "fields": []}]
        skip = {reverse(n) for n in ("logout", "set_language", "login")}
        seen = set()
        for form in forms:
            action = urlsplit(form["action"] or url).path or url
            key = (action, tuple(f["name"] for f in form["fields"]))
            if form["method"] == "get" or action in skip or key in seen:
                continue  # GET forms are swept below with the page's GET parameters
            seen.add(key)
            for data in hostile_bodies(
                form["fields"] or [{"name": "next", "kind": "text", "value": ""}], school
            ):
                before = table_counts()
                response = client.post(
                    action, data, content_type="application/x-www-form-urlencoded"
                )
                check(response, f"POST {action} {data[:120]!r}")
                after = table_counts()
                if response.status_code not in (301, 302, 303) and after != before:
                    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                    unchanged.append(
                        f"{changed} "
                        + f"POST {action} {data[:120]!r} answered {response.status_code} yet changed the data"
                    )
        get_names = {
            f["name"] for form in forms if form["method"] == "get" for f in form["fields"]
        } | set(GET_PARAMS)
        for value in HOSTILE:
            query = body([(n, v) for n in sorted(get_names) for v in encode(value, school)])
            response = client.get(f"{url}?{query}")
            check(response, f"GET {url}?{query[:120]}")

    if "day" in kwargs:
        client.force_login(school.admin)
        for day in ("0001-01-01", "9999-12-31", "2026-02-30", "NaN", "%ED%A0%80"):
            other = {k: makers[k](school) for k in kwargs if k != "day"}
            hostile_url = reverse(name, kwargs={**other, "day": "2026-09-01"}).replace(
                "2026-09-01", day
            )
            check(client.get(hostile_url), f"GET {hostile_url}")

    assert not failures, "\n".join(failures)
    assert not unchanged, "\n".join(unchanged)
