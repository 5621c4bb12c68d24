"""Need-to-know for family data, per role, on pages and in the summary workbook.

- head teacher, principal, administrator: the whole family file;
- 语文 academic director: only students with a 语文 case, flags and contact summaries,
  phones masked, no family notes, no restricted summary;
- maths teacher of the class and grade leader: the neutral line, never a flag name.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from family import rules
from school.scoping import Scope

from .factories.family import FamilyContactFactory, FamilyProfileFactory, GuardianFactory, open_case

NEUTRAL = "家庭情况已由班主任记录，如需了解请联系班主任"
FLAGS = ["留守儿童", "经济困难", "单亲家庭", "家庭关系紧张"]
NOTES = "爸爸认为读书没用，长期在外打工"
PHONE = "13812341234"
MASKED = "138****1234"
SUMMARY = "电话沟通：作业完成情况有进步"
SECRET_SUMMARY = "孩子提到家里经常吵架，情绪低落"
ACTIONS = "妈妈每周六检查作业"
OTHER_NOTES = "吴小丽家里的情况"
OTHER_SUMMARY = "吴小丽家访记录"


@pytest.fixture
def families(school):
    open_case(school.student_a, school.maths, school.term, school.teacher)
    open_case(school.student_a, school.chinese, school.term, school.head)
    profile = FamilyProfileFactory(
        student=school.student_a,
        notes=NOTES,
        left_behind=True,
        economic_hardship=True,
        single_parent=True,
        tense_relations=True,
    )
    GuardianFactory(profile=profile, name="张奶奶", phone=PHONE)
    FamilyContactFactory(
        student=school.student_a, recorded_by=school.head, summary=SUMMARY, family_actions=ACTIONS
    )
    FamilyContactFactory(
        student=school.student_a,
        recorded_by=school.head,
        summary=SECRET_SUMMARY,
        family_actions=ACTIONS,
        restricted=True,
    )
    # Class C: a maths case only, so the 语文 director has no need to know.
    open_case(school.student_c, school.maths, school.term, school.principal)
    FamilyProfileFactory(student=school.student_c, notes=OTHER_NOTES, left_behind=True)
    FamilyContactFactory(
        student=school.student_c, recorded_by=school.principal, summary=OTHER_SUMMARY
    )
    return school


def profile_page(client, student) -> str:
    response = client.get(reverse("students:detail", args=[student.pk]))
    assert response.status_code == 200
    return response.content.decode()


def workbook_text(client, school) -> str:
    """The summary workbook and the 明细 workbook beside it, every cell as text."""
    texts: list[str] = []
    for part in ("summary", "detail"):
        response = client.post(reverse("reports:export"), {"term": school.term.pk, "part": part})
        assert response.status_code == 200
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        texts.extend(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return " ".join(texts)


@pytest.mark.parametrize("role", ["head", "principal", "admin"])
def test_file_holders_see_the_whole_file_on_page_and_workbook(login, families, role):
    client = login(getattr(families, role))
    content = profile_page(client, families.student_a)
    for text in [*FLAGS, NOTES, PHONE]:
        assert text in content, text
    content = client.get(reverse("family:student", args=[families.student_a.pk])).content.decode()
    for text in [NOTES, SUMMARY, SECRET_SUMMARY, ACTIONS, PHONE]:
        assert text in content, text
    cells = workbook_text(client, families)
    assert SUMMARY in cells and SECRET_SUMMARY in cells and ACTIONS in cells


def test_director_sees_flags_and_summaries_only_for_students_with_a_case_in_their_subject(
    login, families
):
    client = login(families.director)
    content = profile_page(client, families.student_a)
    for flag in FLAGS:
        assert flag in content
    assert MASKED in content and PHONE not in content
    assert NOTES not in content and SECRET_SUMMARY not in content
    assert "有一条受限记录" in content and "王老师" in content  # whom to ask
    content = client.get(reverse("family:student", args=[families.student_a.pk])).content.decode()
    assert SUMMARY in content
    for text in [NOTES, SECRET_SUMMARY, ACTIONS, PHONE]:
        assert text not in content, text
    # No 语文 case for 吴小丽: a 404 on the file, the neutral line on her page.
    assert client.get(reverse("family:student", args=[families.student_c.pk])).status_code == 404
    content = profile_page(client, families.student_c)
    assert NEUTRAL in content and "留守儿童" not in content and OTHER_NOTES not in content
    cells = workbook_text(client, families)
    assert SUMMARY in cells
    for text in [NOTES, SECRET_SUMMARY, ACTIONS, OTHER_SUMMARY, OTHER_NOTES, *FLAGS]:
        assert text not in cells, text
    assert "受限" in cells


@pytest.mark.parametrize("role", ["teacher", "leader"])
def test_subject_teacher_and_grade_leader_see_the_neutral_line_and_nothing_else(
    login, families, role
):
    client = login(getattr(families, role))
    content = profile_page(client, families.student_a)
    assert NEUTRAL in content
    for text in [*FLAGS, NOTES, PHONE, MASKED, SUMMARY, SECRET_SUMMARY]:
        assert text not in content, text
    assert client.get(reverse("family:student", args=[families.student_a.pk])).status_code == 404
    cells = workbook_text(client, families)
    for text in [*FLAGS, NOTES, SUMMARY, SECRET_SUMMARY, ACTIONS, OTHER_SUMMARY]:
        assert text not in cells, text


def test_grade_leader_never_meets_a_flag_name_on_any_page(login, families):
    from .test_family_scoping import _readable_text
    from .test_url_scoping import PATTERNS, url_kwarg_makers

    makers = url_kwarg_makers()
    values: dict = {}
    client = login(families.leader)
    checked = 0
    for name, kwargs in PATTERNS:
        for k in kwargs:
            if k not in values:
                values[k] = makers[k](families)
        url = reverse(name, kwargs={k: values[k] for k in kwargs})
        response = client.get(url)
        if response.status_code != 200:
            continue
        text = _readable_text(response)
        for secret in [*FLAGS, NOTES, SUMMARY, SECRET_SUMMARY]:
            assert secret not in text, f"{secret} leaked on {url}"
        checked += 1
    assert checked > 10


def test_family_level_per_role(families):
    levels = {
        role: rules.family_level(Scope.for_user(getattr(families, role)), families.student_a)
        for role in ("head", "principal", "admin", "director", "teacher", "leader", "stranger")
    }
    assert levels == {
        "head": rules.FULL,
        "principal": rules.FULL,
        "admin": rules.FULL,
        "director": rules.SUMMARY,
        "teacher": rules.NEUTRAL,
        "leader": rules.NEUTRAL,
        "stranger": rules.NEUTRAL,
    }


def test_family_students_is_the_need_to_know_set(families):
    def names(role):
        return set(
            rules.family_students(Scope.for_user(getattr(families, role))).values_list(
                "name", flat=True
            )
        )

    assert names("director") == {"张小明"}
    assert names("head") == {"张小明", "刘小红"}
    assert names("teacher") == set()
    assert names("leader") == set()
    assert {"张小明", "吴小丽"} <= names("admin")


def test_root_cause_of_a_psychological_pressure_case_is_restricted(families):
    from archives.models import SupportCase

    case = SupportCase.objects.get(student=families.student_a, subject=families.maths)
    teacher, head = Scope.for_user(families.teacher), Scope.for_user(families.head)
    assert rules.can_read_root_cause(teacher, case)
    case.difficulty_type = SupportCase.Type.PSYCHOLOGICAL_PRESSURE
    assert not rules.can_read_root_cause(teacher, case)
    assert rules.can_read_root_cause(head, case)


def test_restricted_snippet_shows_that_a_note_exists_and_whom_to_ask(families):
    from django.template.loader import render_to_string

    html = render_to_string(
        "includes/restricted_note.html", {"text": NOTES, "visible": False, "ask": "王老师"}
    )
    assert NOTES not in html and "王老师" in html
    html = render_to_string("includes/restricted_note.html", {"text": NOTES, "visible": True})
    assert NOTES in html
