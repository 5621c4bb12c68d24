"""Family details are sensitive: only the class's head teacher and school leaders see the whole
file; a director sees a summary for students with a case in their subject; a subject teacher
learns nothing but the neutral line."""

from __future__ import annotations

import pytest
from django.urls import reverse

from family import timeline
from family.rules import mask_phone
from school.scoping import Scope

from .factories.family import FamilyContactFactory, FamilyProfileFactory, GuardianFactory, open_case

PHONE = "13812341234"
MASKED = "138****1234"
NOTES = "父母在外地打工，奶奶照顾"
GUARDIAN = "张奶奶"
SUMMARY = "家访：孩子作业常拖到深夜"
FAMILY_ACTIONS = "奶奶每晚八点提醒孩子完成作业"


@pytest.fixture
def family(school):
    open_case(school.student_a, school.maths, school.term, school.teacher)
    profile = FamilyProfileFactory(student=school.student_a, notes=NOTES, left_behind=True)
    GuardianFactory(profile=profile, name=GUARDIAN, phone=PHONE)
    contact = FamilyContactFactory(
        student=school.student_a,
        recorded_by=school.head,
        summary=SUMMARY,
        family_actions=FAMILY_ACTIONS,
    )
    return contact


SENSITIVE = [PHONE, MASKED, NOTES, GUARDIAN, SUMMARY, FAMILY_ACTIONS]


def _family_urls(school, contact):
    return [
        reverse("family:student", args=[school.student_a.pk]),
        reverse("family:profile_edit", args=[school.student_a.pk]),
        reverse("family:contact_create", args=[school.student_a.pk]),
        reverse("family:letter", args=[school.student_a.pk]),
        reverse("family:contact_edit", args=[contact.pk]),
    ]


def test_mask_phone():
    assert mask_phone(PHONE) == MASKED
    assert mask_phone("12345") == "*****"
    assert mask_phone("") == ""


def test_subject_teacher_never_receives_sensitive_fields_on_any_page(login, school, family):
    client = login(school.teacher)
    pages = [
        reverse("students:detail", args=[school.student_a.pk]),
        reverse("dashboard"),
        reverse("family:visit_plan"),
        reverse("family:sessions"),
        *_family_urls(school, family),
    ]
    for url in pages:
        response = client.get(url)
        content = response.content.decode()
        for secret in SENSITIVE:
            assert secret not in content, f"{secret} leaked on {url}"


def test_subject_teacher_gets_404_on_family_file_and_sees_only_the_neutral_line(
    login, school, family
):
    client = login(school.teacher)
    for url in _family_urls(school, family):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("family:visit_plan")).status_code == 403
    content = client.get(reverse("students:detail", args=[school.student_a.pk])).content.decode()
    assert "家庭情况已由班主任记录，如需了解请联系班主任" in content
    assert "left-behind child" not in content and "留守儿童" not in content


def test_subject_teacher_has_no_family_nav_item(login, school, family):
    content = login(school.teacher).get(reverse("dashboard")).content.decode()
    assert reverse("family:visit_plan") not in content
    content = login(school.head).get(reverse("dashboard")).content.decode()
    assert reverse("family:visit_plan") in content


def test_head_teacher_sees_everything_with_full_phone(login, school, family):
    client = login(school.head)
    content = client.get(reverse("family:student", args=[school.student_a.pk])).content.decode()
    for secret in [PHONE, NOTES, GUARDIAN, SUMMARY, FAMILY_ACTIONS]:
        assert secret in content
    content = client.get(reverse("students:detail", args=[school.student_a.pk])).content.decode()
    assert PHONE in content and NOTES in content


def test_director_sees_summary_with_masked_phone_no_notes_and_cannot_write(login, school, family):
    client = login(school.director)
    # No 语文 case for the student: nothing.
    assert client.get(reverse("family:student", args=[school.student_a.pk])).status_code == 404
    open_case(school.student_a, school.chinese, school.term, school.head)
    content = client.get(reverse("family:student", args=[school.student_a.pk])).content.decode()
    assert GUARDIAN in content and SUMMARY in content and "留守儿童" in content
    assert MASKED in content and PHONE not in content
    assert NOTES not in content and FAMILY_ACTIONS not in content
    assert "受限" in content
    for url in _family_urls(school, family)[1:]:
        assert client.get(url).status_code == 403, url


def test_principal_sees_full_phone(login, school, family):
    content = (
        login(school.principal)
        .get(reverse("family:student", args=[school.student_a.pk]))
        .content.decode()
    )
    assert PHONE in content


def test_grade_leader_and_stranger_get_404(login, school, family):
    for user in (school.leader, school.stranger):
        client = login(user)
        for url in _family_urls(school, family):
            assert client.get(url).status_code == 404, (user, url)


def test_head_teacher_of_another_class_gets_404(login, school, family):
    from .factories.school import ClassHeadshipFactory

    ClassHeadshipFactory(term=school.term, school_class=school.class_b, teacher=school.stranger)
    client = login(school.stranger)
    assert client.get(reverse("family:student", args=[school.student_a.pk])).status_code == 404
    content = client.get(reverse("family:visit_plan")).content.decode()
    assert school.student_a.name not in content


def test_timeline_entries_in_the_detail_each_viewer_may_see(
    school, family, django_assert_num_queries
):
    head = Scope.for_user(school.head)
    teacher = Scope.for_user(school.teacher)
    with django_assert_num_queries(1):
        detailed = timeline.entries(
            scope=head, student=school.student_a, subject=school.maths, term=school.term
        )
    [entry] = detailed
    assert entry.kind == "family_contact"
    assert SUMMARY in entry.body and FAMILY_ACTIONS in entry.body
    [entry] = timeline.entries(
        scope=teacher, student=school.student_a, subject=school.maths, term=school.term
    )
    assert entry.body == ""
    assert entry.url == ""
    assert "2026-10-08" in entry.title
    assert SUMMARY not in entry.title


def test_timeline_query_count_is_constant(school, family, django_assert_num_queries):
    for _ in range(10):
        FamilyContactFactory(student=school.student_a, recorded_by=school.head)
    scope = Scope.for_user(school.head)
    with django_assert_num_queries(1):
        entries = timeline.entries(
            scope=scope,
            student=school.student_a,
            subject=None,
            term=school.term,
        )
    assert len(entries) == 11


def test_subject_teacher_sees_only_that_a_contact_took_place_in_the_archive_and_its_exports(
    login, school, family
):
    import io

    from openpyxl import load_workbook

    from archives.models import SupportCase

    case = SupportCase.objects.get(student=school.student_a, subject=school.maths)
    for user, sees in ((school.teacher, False), (school.head, True)):
        client = login(user)
        for name in ("archives:archive", "archives:print"):
            response = client.get(reverse(name, args=[case.pk]))
            assert response.status_code == 200
            content = response.content.decode()
            assert "2026-10-08" in content
            assert (SUMMARY in content) is sees, (user, name)
            assert PHONE not in content and NOTES not in content
        response = client.get(reverse("archives:xlsx", args=[case.pk]))
        assert response.status_code == 200
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        cells = " ".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
        assert (SUMMARY in cells) is sees, user
        assert FAMILY_ACTIONS not in cells or sees
        assert PHONE not in cells and NOTES not in cells


def _readable_text(response) -> str:
    """The page, or every cell of a workbook, as text."""
    import io

    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(body), read_only=True)
        return " ".join(
            str(v)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for v in row
            if v is not None
        )
    return body.decode("utf-8", errors="replace")


def test_subject_teacher_never_receives_sensitive_fields_on_any_url(login, school, family):
    """Every GET page of the project, with its objects about class A, seen by its maths teacher."""
    from .test_url_scoping import PATTERNS, url_kwarg_makers

    makers = url_kwarg_makers()
    values: dict = {}  # each object made once: some makers are not idempotent
    client = login(school.teacher)
    checked = 0
    for name, kwargs in PATTERNS:
        for k in kwargs:
            if k not in values:
                values[k] = makers[k](school)
        url = reverse(name, kwargs={k: values[k] for k in kwargs})
        response = client.get(url)
        if response.status_code != 200:
            continue
        text = _readable_text(response)
        for secret in SENSITIVE:
            assert secret not in text, f"{secret} leaked on {url}"
        checked += 1
    assert checked > 10
