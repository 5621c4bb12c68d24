"""Changing a student's status: school leaders only; the change and its note go into the history."""

from __future__ import annotations

import datetime

from django.urls import reverse

from students.models import Student


def test_principal_records_a_transfer_with_its_note(client, school):
    # Entered on the roster at the start of term (the transfer may not be earlier).
    Student.objects.filter(pk=school.student_a.pk).update(
        status_changed_on=datetime.date(2026, 9, 1)
    )
    client.force_login(school.principal)
    url = reverse("students:status", args=[school.student_a.pk])
    response = client.post(
        url, {"status": Student.Status.TRANSFERRED_OUT, "date": "2026-10-08", "note": "随父母迁居"}
    )
    assert response.status_code == 302
    school.student_a.refresh_from_db()
    assert school.student_a.status == Student.Status.TRANSFERRED_OUT
    assert school.student_a.status_changed_on == datetime.date(2026, 10, 8)
    assert school.student_a.history.first().history_change_reason == "随父母迁居"
    assert school.student_a not in Student.objects.in_school()


def test_head_teacher_cannot_change_status_and_nothing_changes(client, school):
    client.force_login(school.head)
    url = reverse("students:status", args=[school.student_a.pk])
    response = client.post(
        url, {"status": Student.Status.TRANSFERRED_OUT, "date": "2026-10-08", "note": ""}
    )
    assert response.status_code == 404
    school.student_a.refresh_from_db()
    assert school.student_a.status == Student.Status.IN_SCHOOL


def test_head_teacher_cannot_open_the_new_student_form(client, school):
    client.force_login(school.head)
    assert client.get(reverse("students:create")).status_code == 403
