"""django-admin in both languages: for every registered model, the change list's column
titles and filters and the add form's field labels are translated — no Chinese on the
English pages, no untranslated English verbose name on the Chinese ones."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from lxml import html as lxml_html

HAN = re.compile(r"[\u3400-\u9fff\uff01-\uff60]")
ASCII_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{3,}(?![A-Za-z])")
# Names of things and formats a Chinese label may keep.
ASCII_ALLOWED = {"Bangfu", "Excel", "URL", "ISO", "CBM", "PLC", "email", "Email", "IP"}


def registered() -> list[tuple[str, str, type]]:
    return sorted((m._meta.app_label, str(m._meta.model_name), m) for m in admin.site._registry)


def labels(content: str) -> list[str]:
    """The label texts of a form, and the column titles and filter titles of a list."""
    root = lxml_html.fromstring(content)
    found = root.xpath("//form//label") + root.xpath("//table[@id='result_list']//thead//th")
    found += root.xpath("//div[@id='changelist-filter']//summary")
    found += root.xpath("//div[@id='changelist-filter']//h3")
    texts = [" ".join(el.text_content().split()) for el in found]
    return [t.rstrip(":：").strip() for t in texts if t.strip()]


@pytest.fixture
def superuser(school):
    school.admin.is_superuser = True
    school.admin.is_staff = True
    school.admin.save()
    return school.admin


def pages(client, language: str) -> dict[str, list[str]]:
    client.cookies["django_language"] = language
    seen = {}
    for app, model, _cls in registered():
        for view in ("changelist", "add"):
            try:
                url = reverse(f"admin:{app}_{model}_{view}")
            except NoReverseMatch:
                continue
            response = client.get(url)
            if response.status_code == 403:  # no add permission for the model (a log)
                continue
            assert response.status_code == 200, (url, response.status_code)
            seen[url] = labels(response.content.decode())
    return seen


def test_every_admin_label_is_english_in_english(superuser, client):
    client.force_login(superuser)
    seen = pages(client, "en")
    student_add = seen[reverse("admin:students_student_add")]
    assert "Student number" in student_add and "Full name" in student_add, student_add
    assert len(seen) > 2 * 30 and sum(len(t) for t in seen.values()) > 300
    found = {
        url: bad for url, texts in seen.items() if (bad := [t for t in texts if HAN.search(t)])
    }
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_every_admin_label_is_chinese_in_chinese(superuser, client):
    client.force_login(superuser)
    seen = pages(client, "zh-hans")
    assert "学号" in seen[reverse("admin:students_student_add")]
    found = {
        url: bad
        for url, texts in seen.items()
        if (bad := [t for t in texts if any(w not in ASCII_ALLOWED for w in ASCII_WORD.findall(t))])
    }
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())
