"""The root cause and notes of a psychological-pressure case are restricted; every read is logged.

Subject teachers and directors of the subject see that a restricted note exists and
whom to ask, never its text, on the pages and in the workbooks; the class's head
teacher and school leaders read it, and each read leaves an access record.
"""

from __future__ import annotations

import io

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from archives.models import Observation, SupportCase
from students.access_log import record_reads
from students.admin import AccessRecordAdmin
from students.models import AccessRecord

from .factories.archives import ObservationFactory
from .factories.family import FamilyContactFactory, FamilyProfileFactory, open_case

ROOT_CAUSE = "父母离异后怕考试失利被责骂"
NOTE = "上课时手发抖，不敢抬头"


@pytest.fixture
def restricted(school):
    """A maths case and a Chinese case of student_a, both of the psychological-pressure type."""
    for subject, by in ((school.maths, school.teacher), (school.chinese, school.head)):
        case = open_case(school.student_a, subject, school.term, by)
        case.difficulty_type = SupportCase.Type.PSYCHOLOGICAL_PRESSURE
        case.root_cause = ROOT_CAUSE
        case.save()
        ObservationFactory(case=case, author=by, note=NOTE, kind=Observation.Kind.ATTITUDE)
    school.maths_case = SupportCase.objects.get(subject=school.maths)
    school.chinese_case = SupportCase.objects.get(subject=school.chinese)
    return school


def _pages(case):
    return [
        reverse("archives:case_detail", args=[case.pk]),
        reverse("archives:archive", args=[case.pk]),
        reverse("archives:print", args=[case.pk]),
        reverse("archives:history", args=[case.pk]),
    ]


def _workbook_text(content: bytes) -> str:
    wb = load_workbook(io.BytesIO(content))
    return "\n".join(
        str(cell) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for cell in row
    )


def _xlsx(client, case) -> str:
    response = client.get(reverse("archives:xlsx", args=[case.pk]))
    assert response.status_code == 200
    return _workbook_text(response.content)


@pytest.mark.parametrize("role, case", [("teacher", "maths_case"), ("director", "chinese_case")])
def test_subject_teacher_and_director_see_a_restricted_note_and_whom_to_ask(
    login, restricted, role, case
):
    client = login(getattr(restricted, role))
    case = getattr(restricted, case)
    for url in _pages(case):
        html = client.get(url).content.decode()
        assert ROOT_CAUSE not in html, url
        assert NOTE not in html, url
        assert "有一条受限记录，如需了解请联系班主任王老师" in html, url  # exists, and whom to ask
    assert ROOT_CAUSE not in _xlsx(client, case)
    assert NOTE not in _xlsx(client, case)
    assert not AccessRecord.objects.exclude(what=AccessRecord.What.CONTACT_LOG).exists()


def test_case_history_does_not_show_the_restricted_root_cause(login, restricted):

    case = restricted.maths_case
    case.root_cause = "新的原因：" + ROOT_CAUSE
    case.save()
    html = login(restricted.teacher).get(reverse("archives:case_detail", args=[case.pk]))
    assert ROOT_CAUSE not in html.content.decode()


@pytest.mark.parametrize("role", ["head", "principal", "admin"])
def test_head_teacher_and_leaders_read_it_and_each_read_is_logged(login, restricted, role):
    user = getattr(restricted, role)
    client = login(user)
    case = restricted.maths_case
    detail, archive, print_page, history = _pages(case)

    assert ROOT_CAUSE in client.get(detail).content.decode()
    assert list(AccessRecord.objects.values_list("user", "student", "what")) == [
        (user.pk, restricted.student_a.pk, AccessRecord.What.ROOT_CAUSE)
    ]
    AccessRecord.objects.all().delete()

    assert NOTE in client.get(archive).content.decode()
    assert set(AccessRecord.objects.values_list("student", "what")) == {
        (restricted.student_a.pk, AccessRecord.What.PSYCHOLOGICAL)
    }
    AccessRecord.objects.all().delete()

    html = client.get(print_page, REMOTE_ADDR="10.9.8.7").content.decode()
    assert ROOT_CAUSE in html and NOTE in html
    assert set(AccessRecord.objects.values_list("what", "address")) == {
        (AccessRecord.What.ROOT_CAUSE, "10.9.8.7"),
        (AccessRecord.What.PSYCHOLOGICAL, "10.9.8.7"),
    }
    AccessRecord.objects.all().delete()

    assert NOTE in client.get(history).content.decode()
    assert list(AccessRecord.objects.values_list("what", flat=True)) == [
        AccessRecord.What.PSYCHOLOGICAL
    ]
    AccessRecord.objects.all().delete()

    text = _xlsx(client, case)
    assert ROOT_CAUSE in text and NOTE in text
    assert set(AccessRecord.objects.values_list("what", flat=True)) == {
        AccessRecord.What.ROOT_CAUSE,
        AccessRecord.What.PSYCHOLOGICAL,
    }


def test_other_types_root_cause_is_shown_to_the_case_scope_unlogged(login, restricted):
    case = restricted.maths_case
    case.difficulty_type = SupportCase.Type.WEAK_FOUNDATION
    case.save()
    client = login(restricted.teacher)
    assert (
        ROOT_CAUSE in client.get(reverse("archives:case_detail", args=[case.pk])).content.decode()
    )
    assert NOTE in client.get(reverse("archives:archive", args=[case.pk])).content.decode()
    assert not AccessRecord.objects.exists()


def test_family_contacts_in_the_archive_are_logged_in_one_insert(
    login, restricted, django_assert_num_queries
):
    FamilyProfileFactory(student=restricted.student_a)
    FamilyContactFactory(student=restricted.student_a, recorded_by=restricted.head)
    FamilyContactFactory(
        student=restricted.student_a,
        recorded_by=restricted.head,
        restricted=True,
        summary="家中争吵",
    )
    html = login(restricted.head).get(reverse("archives:archive", args=[restricted.maths_case.pk]))
    assert "家中争吵" in html.content.decode()
    assert set(AccessRecord.objects.values_list("what", flat=True)) == {
        AccessRecord.What.PSYCHOLOGICAL,
        AccessRecord.What.CONTACT_LOG,
        AccessRecord.What.RESTRICTED_NOTE,
    }
    assert len(set(AccessRecord.objects.values_list("at", flat=True))) == 1


def test_archive_page_runs_constant_queries_with_many_entries(login, restricted, constant_queries):
    FamilyProfileFactory(student=restricted.student_a)
    client = login(restricted.head)
    url = reverse("archives:archive", args=[restricted.maths_case.pk])

    def grow():
        for n in range(8):
            ObservationFactory(
                case=restricted.maths_case, author=restricted.teacher, note=f"{NOTE}{n}"
            )
            FamilyContactFactory(
                student=restricted.student_a, recorded_by=restricted.head, restricted=bool(n % 2)
            )

    # The page also carries progress monitoring (goals, planned dose, probes: 4 queries).
    constant_queries(lambda: client.get(url), grow, max_queries=30)


def test_summary_workbook_blanks_psychological_notes_for_the_subject_teacher(login, restricted):
    def export(user) -> str:
        texts = []
        for part in ("summary", "detail"):
            response = login(user).post(
                reverse("reports:export"), {"term": restricted.term.pk, "part": part}
            )
            assert response.status_code == 200
            texts.append(_workbook_text(b"".join(response.streaming_content)))
        return "\n".join(texts)

    assert NOTE not in export(restricted.teacher)
    assert NOTE in export(restricted.head)


def test_record_reads_writes_each_student_and_kind_once(rf: RequestFactory, school):
    request = rf.get("/", REMOTE_ADDR="not an address")
    request.user = school.head
    what = AccessRecord.What
    written = record_reads(
        request,
        reads=[
            (school.student_a.pk, what.ROOT_CAUSE),
            (school.student_a.pk, what.ROOT_CAUSE),
            (school.student_a2.pk, what.PSYCHOLOGICAL),
        ],
    )
    assert written == 2
    assert set(AccessRecord.objects.values_list("student", "what", "address")) == {
        (school.student_a.pk, what.ROOT_CAUSE, None),
        (school.student_a2.pk, what.PSYCHOLOGICAL, None),
    }


def test_access_log_admin_is_read_only(rf, school, login):
    admin = site._registry[AccessRecord]
    assert isinstance(admin, AccessRecordAdmin)
    request = rf.get("/")
    request.user = school.admin
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)
