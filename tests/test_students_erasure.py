"""Erasing a student: nothing that names the child survives, in any table or file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from archives.models import Observation, SupportCase
from core.anonymise import ERASED_NAME
from family.models import FamilyContact, Guardian
from reminders.models import Reminder
from reports.services import run_export, start_export
from school.models import Term, User
from school.reporting import Filters
from students import retention
from students.models import Student


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def everything_containing(needles: list[str], media_root: Path) -> list[str]:
    """Every table cell (raw SQL, all tables) and every media file holding one of ``needles``."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        value = bytes(value).decode(errors="ignore")
                    text = str(value) if value is not None else ""
                    found += [f"{table}: {n}" for n in needles if n in text]
    for path in media_root.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                data += b"".join(archive.read(m) for m in archive.namelist())
        found += [f"{path}: {n}" for n in needles if n.encode() in data]
    return found


def demo_student() -> Student:
    """A demo child with a support case and a guardian's phone, and a name nobody else has."""
    for student in Student.objects.filter(
        cases__isnull=False, family_profile__guardians__phone__gt=""
    ).distinct():
        others = Student.objects.exclude(pk=student.pk)
        if not (
            others.filter(name__contains=student.name).exists()
            or others.filter(student_number__contains=student.student_number).exists()
            or User.objects.filter(full_name__contains=student.name).exists()
        ):
            return student
    raise AssertionError("the demo has no suitable student")


def test_erasing_a_demo_student_leaves_nothing_that_names_them(db, media, settings):
    call_command("seed_demo", "--quiet-logins")
    student = demo_student()
    name, number = student.name, student.student_number
    phones = list(Guardian.objects.filter(profile__student=student).values_list("phone", flat=True))
    admin = User.objects.get(username="admin")
    # What issue 13 found left behind: an admin log entry, a reminder, an export file.
    LogEntry.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(Student),
        object_id=str(student.pk),
        object_repr=str(student),
        action_flag=CHANGE,
        change_message="[]",
    )
    Reminder.objects.create(
        user=admin,
        kind=Reminder.Kind.HOME_VISIT_OVERDUE,
        key="erasure-test",
        title=f"家访逾期：{name}",
        body=f"{name}（{number}）、其他学生",
    )
    job = start_export(user=admin, filters=Filters(term=Term.objects.current()), language="zh-hans")
    run_export(job_id=job.pk)
    needles = [name, number, *phones]
    assert everything_containing(needles, media)  # the search does find them before
    cases = SupportCase.objects.filter(student=student).count()
    observations = Observation.objects.filter(case__student=student).count()
    contacts = FamilyContact.objects.filter(student=student).count()

    retention.erase_student(student=student)

    assert everything_containing(needles, media) == []
    student.refresh_from_db()
    assert student.name == ERASED_NAME
    # Counts stay, so past statistics remain true.
    assert SupportCase.objects.filter(student=student).count() == cases
    assert Observation.objects.filter(case__student=student).count() == observations
    assert FamilyContact.objects.filter(student=student).count() == contacts
    reminder = Reminder.objects.get(key="erasure-test")
    assert reminder.body.startswith(ERASED_NAME) and "其他学生" in reminder.body


def test_an_erased_students_name_reads_in_the_readers_language_in_built_texts(school):
    """Texts built in Python (a case's name, an archive's caption) use the shown name."""
    from django.utils import translation

    from core.plugins import erase_student

    from .factories.archives import SupportCaseFactory

    case = SupportCaseFactory(student=school.student_a, subject=school.maths)
    erase_student(school.student_a)
    case.refresh_from_db()
    student = Student.objects.get(pk=school.student_a.pk)
    assert student.name == ERASED_NAME
    with translation.override("en"):
        assert str(SupportCase.objects.get(pk=case.pk)).startswith("Erased student · ")
    with translation.override("zh-hans"):
        assert str(SupportCase.objects.get(pk=case.pk)).startswith(f"{ERASED_NAME} · ")
