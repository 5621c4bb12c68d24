"""Chinese is the default language and every string has its translation."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PO_FILES = sorted(
    p for p in ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po") if ".venv" not in p.parts
) + [ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"]


@pytest.mark.parametrize("po_path", PO_FILES, ids=[str(p.relative_to(ROOT)) for p in PO_FILES])
def test_every_string_is_translated_to_chinese_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy[:10]}"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run make messages"
    # Keyed by context too: "Kind" and pgettext("report", "Kind") may differ.
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path))}
    for entry in po.translated_entries():
        if not entry.msgid_plural:
            key = (entry.msgctxt, entry.msgid)
            assert compiled.get(key) == entry.msgstr, f"{mo_path} is out of date"


def test_the_login_page_is_in_chinese_by_default(client, db):
    content = client.get("/accounts/login/").content.decode()
    assert 'lang="zh-hans"' in content
    assert "登录帮扶" in content


def test_the_login_page_in_english(client, db):
    content = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log in to Bangfu" in content
