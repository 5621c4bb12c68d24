"""Formula safety without disfigurement, checked in LibreOffice itself.

Text a user typed that a spreadsheet would take for a formula (= + - @) is written as a
text cell with the quote-prefix style. LibreOffice (headless) opens our exports and
converts them to flat ODS: no cell holds a formula, every such cell shows exactly the
characters typed (no apostrophe), and numbers stay numbers.

LibreOffice must be installed where the tests run (``.ci/run`` installs
``libreoffice-calc-nogui``); without it this test fails rather than passing unseen.
"""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from django.urls import reverse

from archives.models import SupportCase
from core.xlsx import Sheet, new_workbook, save_bytes, workbook_bytes

from .factories.archives import ObservationFactory
from .factories.reports import seed_cases
from .factories.students import case_a

TYPED = [
    "=1+1",
    "+1+1",
    "-",
    "+86 138 0000 0000",
    "-3",
    "@SUM(A1)",
    '=HYPERLINK("http://x")',
    "=cmd|' /C calc'!A0",
    "#N/A",
    "'quoted",
    "张小明",
]
NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def office() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "LibreOffice is needed: apt-get install -y libreoffice-calc-nogui"
    return found


def as_libreoffice_reads(tmp_path: Path, files: dict[str, bytes]) -> dict[str, list]:
    """Each workbook as LibreOffice reads it: every cell as (formula, value type, shown text)."""
    for name, content in files.items():
        (tmp_path / f"{name}.xlsx").write_bytes(content)
    profile = tmp_path / "profile"
    subprocess.run(
        [
            office(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "fods",
            "--outdir",
            str(tmp_path),
            *[str(tmp_path / f"{name}.xlsx") for name in files],
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    result = {}
    for name in files:
        root = ET.parse(tmp_path / f"{name}.fods").getroot()
        cells = []
        for cell in root.iter(f"{{{NS['table']}}}table-cell"):
            shown = "\n".join("".join(p.itertext()) for p in cell.findall("text:p", NS))
            cells.append(
                (
                    cell.get(f"{{{NS['table']}}}formula"),
                    cell.get(f"{{{NS['office']}}}value-type"),
                    shown,
                )
            )
        result[name] = cells
    return result


def assert_typed_text_is_shown_as_typed(cells: list, typed: list[str]) -> None:
    assert not [c for c in cells if c[0]], "a cell holds a formula"
    shown = {c[2] for c in cells if c[1] == "string"}
    for text in typed:
        assert text in shown, text
    assert not [c for c in cells if c[2].startswith("'") and c[2][1:] in typed]


def test_libreoffice_shows_typed_text_as_typed_and_numbers_as_numbers(tmp_path):
    streamed = workbook_bytes(
        [
            Sheet(
                title="名单",
                headers=["文本", "人数"],
                rows=[(text, n) for n, text in enumerate(TYPED, start=1)],
                totals=lambda: ("合计", sum(range(1, len(TYPED) + 1))),
            )
        ]
    )
    wb, ws = new_workbook("手工")
    ws.append(["文本", "分钟"])
    for text in TYPED:
        ws.append([text, 1.5])
    read = as_libreoffice_reads(tmp_path, {"streamed": streamed, "normal": save_bytes(wb)})

    for cells in read.values():
        assert_typed_text_is_shown_as_typed(cells, TYPED)
    numbers = [c for c in read["streamed"] if c[1] == "float"]
    assert [c[2] for c in numbers] == [str(n) for n in range(1, len(TYPED) + 1)] + ["66"]
    assert {c[2] for c in read["normal"] if c[1] == "float"} == {"1.5"}


def test_the_exports_open_in_libreoffice_without_formulas_or_apostrophes(login, school, tmp_path):
    school.cases = seed_cases(school)
    formula_name = school.cases.extra_student  # named =HYPERLINK("http://x")
    SupportCase.objects.create(
        student=formula_name, subject=school.maths, term=school.term, identified_by=school.admin
    )
    case = case_a(school)
    ObservationFactory(case=case, author=school.teacher, note="+86 138 0000 0000")
    ObservationFactory(case=case, author=school.teacher, note="-")
    case.root_cause = "=1+1"
    case.save()

    admin = login(school.admin)
    files = {}
    for part in ("summary", "detail"):
        response = admin.post(reverse("reports:export"), {"term": school.term.pk, "part": part})
        assert response.status_code == 200
        files[part] = b"".join(response.streaming_content)
    teacher = login(school.teacher)
    files["archive"] = teacher.get(reverse("archives:xlsx", args=[case.pk])).content
    files["roster"] = login(school.head).get(reverse("archives:support_roster_xlsx")).content
    read = as_libreoffice_reads(tmp_path, files)

    assert_typed_text_is_shown_as_typed(read["summary"], ['=HYPERLINK("http://x")'])
    assert_typed_text_is_shown_as_typed(read["detail"], ["+86 138 0000 0000", "-"])
    assert_typed_text_is_shown_as_typed(read["archive"], ["+86 138 0000 0000", "-", "=1+1"])
    assert not [c for c in read["roster"] if c[0]]
    # Counts stay numbers: the 合计 row of the class sheet is read as numbers.
    assert any(c[1] == "float" for c in read["summary"])
