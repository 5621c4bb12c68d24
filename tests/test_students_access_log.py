"""Who read what: every read of family or restricted data leaves a record; leaders read the log."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from students.access_log import purge_expired, record_access, retention_days
from students.models import AccessRecord

from .factories.family import FamilyContactFactory, FamilyProfileFactory, open_case
from .factories.students import StudentFactory


@pytest.fixture
def family(school):
    open_case(school.student_a, school.maths, school.term, school.teacher)
    open_case(school.student_a, school.chinese, school.term, school.head)
    FamilyProfileFactory(student=school.student_a)
    FamilyContactFactory(student=school.student_a, recorded_by=school.head)
    return school


def test_reading_the_family_file_is_recorded_with_who_what_and_address(login, family):
    client = login(family.head)
    response = client.get(
        reverse("family:student", args=[family.student_a.pk]), REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 200
    [record] = AccessRecord.objects.all()
    assert record.user == family.head
    assert record.student == family.student_a
    assert record.what == AccessRecord.What.FAMILY_FILE
    assert record.address == "10.1.2.3"
    assert timezone.now() - record.at < datetime.timedelta(minutes=1)


def test_director_summary_read_is_recorded_as_a_summary(login, family):
    login(family.director).get(reverse("students:detail", args=[family.student_a.pk]))
    assert list(AccessRecord.objects.values_list("user__username", "what")) == [
        ("director_cn", AccessRecord.What.FAMILY_SUMMARY)
    ]


def test_neutral_line_and_refusals_write_nothing(login, family):
    client = login(family.teacher)
    client.get(reverse("students:detail", args=[family.student_a.pk]))
    client.get(reverse("family:student", args=[family.student_a.pk]))
    assert not AccessRecord.objects.exists()


def test_head_teacher_sees_who_read_lately_on_the_student_page(login, family):
    login(family.director).get(reverse("students:detail", args=[family.student_a.pk]))
    content = login(family.head).get(reverse("students:detail", args=[family.student_a.pk]))
    content = content.content.decode()
    assert "最近查看" in content and "林教导" in content
    content = login(family.director).get(reverse("students:detail", args=[family.student_a.pk]))
    assert "最近查看" not in content.content.decode()


def test_visit_plan_records_every_student_listed_in_one_insert(login, family, constant_queries):
    client = login(family.head)
    url = reverse("family:visit_plan")

    def grow():
        for n in range(5):
            s = StudentFactory(school_class=family.class_a, student_number=f"A1{n:02d}")
            open_case(s, family.maths, family.term, family.teacher)

    constant_queries(lambda: client.get(url), grow)
    last = AccessRecord.objects.order_by("-id").first()
    batch = AccessRecord.objects.filter(at=last.at, what=AccessRecord.What.CONTACT_LOG)
    assert batch.count() == 6


def test_forwarded_address_is_believed_only_behind_a_configured_proxy(rf, family, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1")
    request.user = family.head
    record_access(request, students=[family.student_a], what=AccessRecord.What.FAMILY_FILE)
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    request.user = family.head
    record_access(request, students=family.student_a, what=AccessRecord.What.FAMILY_FILE)
    assert list(AccessRecord.objects.order_by("id").values_list("address", flat=True)) == [
        "10.0.0.1",
        "203.0.113.9",
    ]


def test_workbook_export_records_the_students_whose_contacts_it_holds(login, family):
    response = login(family.head).post(reverse("reports:export"), {"term": family.term.pk})
    assert response.status_code == 200
    assert list(AccessRecord.objects.values_list("student", "what")) == [
        (family.student_a.pk, AccessRecord.What.EXPORT)
    ]


# ---- the leaders' pages --------------------------------------------------------------------


def _read(user, student, what=AccessRecord.What.FAMILY_FILE, at=None):
    return AccessRecord.objects.create(
        user=user, student=student, what=what, address="10.0.0.5", at=at or timezone.now()
    )


@pytest.mark.parametrize("role", ["admin", "principal"])
def test_leaders_read_the_log_per_student_and_per_staff_member(login, family, role):
    _read(family.head, family.student_a)
    _read(family.director, family.student_a2)
    client = login(getattr(family, role))
    content = client.get(reverse("access_log:list")).content.decode()
    assert "张小明" in content and "刘小红" in content
    content = client.get(reverse("access_log:student", args=[family.student_a.pk])).content.decode()
    assert "王老师" in content and "林教导" not in content
    content = client.get(reverse("access_log:staff", args=[family.director.pk])).content.decode()
    assert "刘小红" in content and "张小明" not in content


@pytest.mark.parametrize("role", ["head", "director", "teacher", "leader"])
def test_others_may_not_read_the_log(login, family, role):
    _read(family.head, family.student_a)
    client = login(getattr(family, role))
    assert client.get(reverse("access_log:list")).status_code == 403
    assert client.get(reverse("access_log:export")).status_code == 403
    url = reverse("access_log:student", args=[family.student_a.pk])
    assert client.get(url).status_code == 404
    url = reverse("access_log:staff", args=[family.head.pk])
    assert client.get(url).status_code == 404


def test_log_pages_run_a_constant_number_of_queries(login, family, constant_queries):
    client = login(family.admin)
    _read(family.head, family.student_a)
    _read(family.director, family.student_a)

    def grow():
        for student in (family.student_a, family.student_a2, family.student_b):
            for user in (family.head, family.director, family.teacher):
                _read(user, student)

    for url in (
        reverse("access_log:list"),
        reverse("access_log:student", args=[family.student_a.pk]),
        reverse("access_log:staff", args=[family.head.pk]),
    ):
        constant_queries(lambda url=url: client.get(url), grow)


def test_log_export_is_a_workbook_of_the_records(login, family):
    _read(family.head, family.student_a)
    _read(family.director, family.student_a2, AccessRecord.What.FAMILY_SUMMARY)
    client = login(family.admin)
    response = client.get(reverse("access_log:export"), {"user": family.director.pk})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))[2:]  # under the title and caption
    assert len(rows) == 2
    assert rows[1][1:7] == (
        "林教导",
        "director_cn",
        "A002",
        "刘小红",
        "三年级(1)班",
        "家庭情况摘要",
    )
    assert rows[1][7] == "10.0.0.5"
    ws = workbook.active
    assert response["Content-Disposition"].startswith('attachment; filename="bangfu-access-log-')
    assert ws["A3"].font.bold and ws.freeze_panes == "A4"
    assert ws.column_dimensions["A"].width == 17 and ws["A4"].number_format == "yyyy-mm-dd hh:mm"
    assert ws.page_setup.paperSize == 9


# ---- retention ------------------------------------------------------------------------------


def test_purge_removes_records_past_the_retention_period(family, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    now = timezone.now()
    old = _read(family.head, family.student_a, at=now - datetime.timedelta(days=31))
    kept = _read(family.head, family.student_a, at=now - datetime.timedelta(days=29))
    assert purge_expired(now=now) == 1
    assert list(AccessRecord.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not AccessRecord.objects.filter(pk=old.pk).exists()


def test_retention_defaults_to_three_years_and_the_env_is_parsed_strictly(
    family, settings, monkeypatch
):
    from django.core.exceptions import ImproperlyConfigured

    if hasattr(settings, "ACCESS_LOG_RETENTION_DAYS"):
        del settings.ACCESS_LOG_RETENTION_DAYS
    monkeypatch.delenv("ACCESS_LOG_RETENTION_DAYS", raising=False)
    assert retention_days() == 3 * 365
    monkeypatch.setenv("ACCESS_LOG_RETENTION_DAYS", "90")
    assert retention_days() == 90
    monkeypatch.setenv("ACCESS_LOG_RETENTION_DAYS", "three years")
    with pytest.raises(ImproperlyConfigured):
        retention_days()


def test_daily_scan_and_command_purge(family, settings):
    from reminders.tasks import daily_scan

    settings.ACCESS_LOG_RETENTION_DAYS = 10
    _read(family.head, family.student_a, at=timezone.now() - datetime.timedelta(days=11))
    result = daily_scan.delay().get()
    assert result["access_records_purged"] == 1
    _read(family.head, family.student_a, at=timezone.now() - datetime.timedelta(days=11))
    out = io.StringIO()
    call_command("purge_access_log", stdout=out)
    assert "Deleted 1" in out.getvalue()
    assert not AccessRecord.objects.exists()
