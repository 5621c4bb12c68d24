"""History you can read: 修改记录 pages per student, case and family file, field: old → new
in plain words (names, 是/否, no "None"), guardians added and removed; the school-wide
change log with filters and Excel for principals and administrators."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from archives.models import SupportCase
from core import history
from core.xlsx import HEADER_ROW
from family.models import FamilyProfile, Guardian
from students.models import Student

from .factories.family import open_case


def edit_student(school):
    student = school.student_a
    student.school_class = school.class_b
    student.name = "张晓明"
    student._history_user = school.admin
    student.save()
    return student


def test_the_student_page_lists_every_change_in_plain_words(school, login):
    student = edit_student(school)
    body = login(school.principal).get(reverse("students:changes", args=[student.pk]))
    body = body.content.decode()
    assert "三年级(1)班</del> → <strong>三年级(2)班" in body  # names, not ids
    assert "张小明</del> → <strong>张晓明" in body
    assert "管理员" in body and "None" not in body
    # The head teacher of class A no longer sees the moved student: 404.
    assert login(school.head).get(reverse("students:changes", args=[student.pk])).status_code == 404


def test_the_case_page_shows_goal_and_status_changes(school, login):
    case = open_case(school.student_a, school.maths, school.term, school.teacher)
    case.status = SupportCase.Status.IMPROVED
    case.cause_attitude = True
    case.save()
    body = login(school.teacher).get(reverse("archives:case_changes", args=[case.pk])).content
    text = body.decode()
    assert "帮扶中</del> → <strong>已转化" in text or "→ <strong>已转化" in text
    assert "</del> → <strong>是" in text  # a boolean as 是/否


def test_the_family_file_history_shows_guardians_added_and_removed(school, login, unchanged):
    profile = FamilyProfile.objects.create(student=school.student_a, left_behind=False)
    grandma = Guardian.objects.create(profile=profile, relation="grandparent", name="王桂英")
    profile.left_behind = True
    profile.save()
    grandma.delete()
    client = login(school.head)
    body = client.get(reverse("family:profile_changes", args=[school.student_a.pk])).content
    text = body.decode()
    assert "王桂英" in text and ("删除" in text or "Removed" in text)
    assert "否</del> → <strong>是" in text
    # A subject teacher does not hold the family file.
    with unchanged(Student, FamilyProfile):
        refused = login(school.teacher).get(
            reverse("family:profile_changes", args=[school.student_a.pk])
        )
    assert refused.status_code in (403, 404)


def test_school_leaders_filter_the_change_log_and_export_it(school, login, constant_queries):
    edit_student(school)
    open_case(school.student_a2, school.maths, school.term, school.teacher)
    client = login(school.principal)
    page = client.get(reverse("reports:changes"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "张晓明" in text and "三年级(2)班" in text
    by_admin = client.get(reverse("reports:changes"), {"user": school.admin.pk, "kind": "student"})
    assert {c.who for c in by_admin.context["changes"]} == {"管理员"}
    cases = client.get(reverse("reports:changes"), {"kind": "case"}).context["changes"]
    assert cases and all(c.kind == "帮扶个案" or "刘小红" in c.subject for c in cases)
    xlsx = client.get(reverse("reports:changes_xlsx"), {"kind": "student"})
    ws = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = list(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert ("班级", "三年级(1)班", "三年级(2)班") in [r[5:8] for r in rows]
    assert login(school.head).get(reverse("reports:changes")).status_code == 403

    def grow():
        for n in range(5):
            s = Student.objects.get(pk=school.student_c.pk)
            s.name = f"吴小丽{n}"
            s.save()

    constant_queries(lambda: client.get(reverse("reports:changes")), grow)


def test_seeded_records_get_a_creation_entry(school):
    Student.history.all().delete()
    assert history.seed_creation_entries([Student]) == Student.objects.count()
    assert history.seed_creation_entries([Student]) == 0  # idempotent
    (created,) = history.changes(school.student_a.history.all(), Student)
    assert created.what in ("Created", "创建")
