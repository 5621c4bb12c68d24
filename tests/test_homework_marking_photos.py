"""Photos of marked homework, from the marking page: kept with the record, scoped, erased."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from archives.models import SupportCase
from homework.models import MarkingPhoto, MarkingRecord
from students import retention

from .factories.homework import class_a_homework

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg(name: str = "work.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (2400, 1800), (250, 250, 240)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def mark(client, school, assignment, files, record=True):
    p = f"s{school.student_a2.pk}_"
    data = {p + "submitted": "on", p + "on_time": "on", p + "quality": "B"}
    if record:
        data[p + "record"] = "on"
    data[f"photos-{school.student_a2.pk}"] = files
    return client.post(reverse("homework:marking", args=[assignment.pk]), data)


@pytest.fixture
def assignment(school):
    SupportCase.objects.create(
        student=school.student_a2,
        subject=school.maths,
        term=school.term,
        identified_by=school.teacher,
    )
    return class_a_homework(school)


def test_marking_a_row_keeps_its_photo_and_the_timeline_shows_it(school, login, assignment):
    client = login(school.teacher)
    page = client.get(reverse("homework:marking", args=[assignment.pk])).content.decode()
    assert 'capture="environment"' in page and "multiple" in page
    assert mark(client, school, assignment, [jpeg()]).status_code == 302
    photo = MarkingPhoto.objects.get()
    assert photo.marking.student == school.student_a2 and max(photo.width, photo.height) == 1600
    case = SupportCase.objects.get()
    archive = client.get(reverse("archives:archive", args=[case.pk])).content.decode()
    assert reverse("homework:photo_thumb", args=[photo.pk]) in archive
    printed = client.get(reverse("archives:print", args=[case.pk])).content.decode()
    assert reverse("homework:photo_thumb", args=[photo.pk]) in printed


def test_a_refused_photo_saves_no_marking(school, login, assignment, unchanged):
    client = login(school.teacher)
    bad = SimpleUploadedFile("work.jpg", b"%PDF-1.4", content_type="image/jpeg")
    with unchanged(MarkingRecord, MarkingPhoto):
        response = mark(client, school, assignment, [bad])
    assert response.status_code == 200
    row = response.context["form"].rows[0]
    assert row["photo_errors"] and "work.jpg" in row["photo_errors"][0]
    with unchanged(MarkingRecord, MarkingPhoto):
        response = mark(client, school, assignment, [jpeg(f"{i}.jpg") for i in range(4)])
    assert response.status_code == 200 and response.context["form"].rows[0]["photo_errors"]


def test_only_those_who_see_the_marking_fetch_the_photo(school, login, client, assignment):
    mark(login(school.teacher), school, assignment, [jpeg()])
    photo = MarkingPhoto.objects.get()
    for name in ("homework:photo", "homework:photo_thumb"):
        url = reverse(name, args=[photo.pk])
        owner = login(school.teacher).get(url)
        assert owner.status_code == 200 and owner["Content-Type"] == "image/jpeg"
        assert "no-store" in owner["Cache-Control"]
        for outsider in (school.stranger, school.director, school.nobody):
            assert login(outsider).get(url).status_code == 404


def test_erasing_the_student_removes_the_marking_photos(
    school, login, media, assignment, django_capture_on_commit_callbacks
):
    mark(login(school.teacher), school, assignment, [jpeg()])
    assert len(list(media.rglob("*.jpg"))) == 2
    with django_capture_on_commit_callbacks(execute=True):
        retention.erase_student(student=school.student_a2)
    assert not MarkingPhoto.objects.exists()
    assert not list(media.rglob("*.jpg"))
