"""Removing one photo of the work (soft): gone from pages and the photo URL, room for another."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archives.models import ObservationPhoto, SupportCase
from homework.models import MarkingPhoto

from .factories.homework import class_a_homework
from .factories.students import case_a
from .test_archives_photos import add, phone_jpeg, png
from .test_homework_marking_photos import jpeg, mark

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(school):
    """Class A's maths homework, and a case for 刘小红 so her marking reaches an archive."""
    SupportCase.objects.create(
        student=school.student_a2,
        subject=school.maths,
        term=school.term,
        identified_by=school.teacher,
    )
    return class_a_homework(school)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_author_removes_one_photo_and_may_add_another(school, login):
    case = case_a(school)
    client = login(school.teacher)
    add(client, case, [phone_jpeg(), png(), png("b.png")])
    first, second, third = ObservationPhoto.objects.order_by("pk")
    edit = reverse("archives:observation_edit", args=[first.observation_id])
    page = client.get(edit).content.decode()
    assert page.count("photo-remove") == 3
    response = client.post(f"{first.remove_url()}?next={edit}")
    assert response.status_code == 302 and response["Location"] == edit
    first.refresh_from_db()
    assert first.removed_at is not None and first.removed_by == school.teacher
    # Not served, not on the timeline, not on the print page; the others stay.
    assert client.get(first.url()).status_code == 404
    assert client.get(second.url()).status_code == 200
    archive = client.get(reverse("archives:archive", args=[case.pk])).content.decode()
    printed = client.get(reverse("archives:print", args=[case.pk])).content.decode()
    for page in (archive, printed):
        assert first.thumbnail_url() not in page and third.thumbnail_url() in page
    # The record has room for one more photo again.
    data = {"date": "2026-09-20", "kind": "homework", "rating": "3", "note": "订正及时"}
    response = client.post(edit, {**data, "photos": [png("c.png")]})
    assert response.status_code == 302
    assert ObservationPhoto.objects.live().filter(observation=first.observation).count() == 3


def test_only_who_may_correct_the_observation_removes_its_photo(school, login, unchanged):
    case = case_a(school)
    add(login(school.teacher), case, [png()])
    photo = ObservationPhoto.objects.get()
    with unchanged(ObservationPhoto):
        # The head teacher sees the observation but did not write it: refused.
        assert login(school.head).post(photo.remove_url()).status_code == 403
        # A teacher of another class does not see it at all.
        assert login(school.stranger).post(photo.remove_url()).status_code == 404
        assert login(school.teacher).get(photo.remove_url()).status_code == 405


def test_a_marking_photo_is_removed_from_the_marking_page(school, login, assignment):
    client = login(school.teacher)
    mark(client, school, assignment, [jpeg(), jpeg("b.jpg")])
    first, second = MarkingPhoto.objects.order_by("pk")
    marking = reverse("homework:marking", args=[assignment.pk])
    assert client.get(marking).content.decode().count("photo-remove") == 2
    response = client.post(first.remove_url())
    assert response.status_code == 302 and response["Location"] == marking
    assert client.get(first.url()).status_code == 404
    assert client.get(second.url()).status_code == 200
    assert first.thumbnail_url() not in client.get(marking).content.decode()


def test_a_marking_photo_is_not_removed_by_an_outsider(school, login, assignment, unchanged):
    mark(login(school.teacher), school, assignment, [jpeg()])
    photo = MarkingPhoto.objects.get()
    with unchanged(MarkingPhoto):
        assert login(school.stranger).post(photo.remove_url()).status_code == 404
        assert login(school.nobody).post(photo.remove_url()).status_code == 404


def test_deleting_the_record_outright_deletes_the_photo_files(
    school,
    login,
    assignment,
    media,
    django_capture_on_commit_callbacks,
):
    case = case_a(school)
    client = login(school.teacher)
    add(client, case, [png()])
    mark(client, school, assignment, [jpeg()])
    files = [
        f.name
        for p in [*ObservationPhoto.objects.all(), *MarkingPhoto.objects.all()]
        for f in (p.image, p.thumbnail)
    ]
    assert len(files) == 4 and all((media / f).exists() for f in files)
    # A hard delete (the admin, a cascade): the rows go, and so do the files.
    with django_capture_on_commit_callbacks(execute=True):
        ObservationPhoto.objects.get().observation.delete()
        assignment.delete()
    assert not ObservationPhoto.objects.exists() and not MarkingPhoto.objects.exists()
    assert not any((media / f).exists() for f in files)
