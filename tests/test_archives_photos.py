"""Photos of the work on an observation: resized, stripped of location, scoped, erased."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from archives.models import Observation, ObservationPhoto
from students import retention

from .factories.archives import ObservationFactory
from .factories.students import case_a

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def phone_jpeg(
    name: str = "IMG_0001.jpg", size: tuple[int, int] = (3000, 2000)
) -> SimpleUploadedFile:
    """A phone photo: large, with the GPS position of where it was taken."""
    img = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[GPS_IFD] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 50.0)}
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def png(name: str = "scan.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGBA", (400, 300), (0, 0, 255, 128)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def add(client, case, files, **extra):
    data = {"date": "2026-09-20", "kind": "homework", "rating": "3", "note": "订正及时"}
    data.update(extra)
    data["photos"] = files
    return client.post(reverse("archives:observation_add", args=[case.pk]), data)


def test_photo_is_resized_and_loses_its_gps_position(school, login):
    case = case_a(school)
    client = login(school.teacher)
    response = add(client, case, [phone_jpeg(), png()])
    assert response.status_code == 302
    photos = list(ObservationPhoto.objects.filter(observation__case=case))
    assert len(photos) == 2
    with photos[0].image.open("rb") as f:
        stored = Image.open(io.BytesIO(f.read()))
    assert stored.format == "JPEG"
    assert max(stored.size) == 1600 and stored.size == (1600, 1067)
    exif = stored.getexif()
    assert GPS_IFD not in exif and not exif.get_ifd(GPS_IFD)
    with photos[0].thumbnail.open("rb") as f:
        assert max(Image.open(io.BytesIO(f.read())).size) <= 320
    # The name says nothing of the upload and is not under a guessable path.
    assert "IMG_0001" not in photos[0].image.name
    assert len(photos[0].image.name.rsplit("/", 1)[1]) == len("0" * 32 + ".jpg")


def test_thumbnails_on_the_timeline_and_the_print_page(school, login, constant_queries):
    case = case_a(school)
    client = login(school.teacher)
    add(client, case, [phone_jpeg()])
    photo = ObservationPhoto.objects.get()
    thumb = reverse("archives:photo_thumb", args=[photo.pk])
    assert thumb in client.get(reverse("archives:archive", args=[case.pk])).content.decode()
    assert thumb in client.get(reverse("archives:print", args=[case.pk])).content.decode()

    def grow():
        obs = ObservationFactory.create(case=case, author=school.teacher)
        for _i in range(2):
            ObservationPhoto.objects.create(
                observation=obs,
                image="work-photos/a.jpg",
                thumbnail="work-photos/b.jpg",
                width=1,
                height=1,
                uploaded_by=school.teacher,
            )

    constant_queries(lambda: client.get(reverse("archives:archive", args=[case.pk])), grow, 60)


def test_a_fourth_photo_is_refused_and_nothing_is_saved(school, login, unchanged, media):
    case = case_a(school)
    client = login(school.teacher)
    with unchanged(Observation, ObservationPhoto):
        response = add(client, case, [phone_jpeg(f"{i}.jpg", (50, 40)) for i in range(4)])
    assert response.status_code == 200
    assert "最多" in response.content.decode() or "At most" in response.content.decode()
    assert not list(media.rglob("*.jpg"))
    # Correcting an observation that has three photos: a fourth is refused too.
    add(client, case, [phone_jpeg(f"{i}.jpg", (50, 40)) for i in range(3)])
    obs = Observation.objects.get()
    url = reverse("archives:observation_edit", args=[obs.pk])
    with unchanged(Observation, ObservationPhoto):
        response = client.post(
            url,
            {
                "date": "2026-09-20",
                "kind": "homework",
                "rating": "4",
                "note": "订正及时",
                "photos": [phone_jpeg("4.jpg", (50, 40))],
            },
        )
    assert response.status_code == 200 and response.context["form"].errors["photos"]


def test_a_non_image_and_a_too_large_file_are_refused(school, login, unchanged, settings):
    case = case_a(school)
    client = login(school.teacher)
    text = SimpleUploadedFile("homework.jpg", b"not a photo at all", content_type="image/jpeg")
    with unchanged(Observation, ObservationPhoto):
        response = add(client, case, [text])
    assert response.status_code == 200
    assert "homework.jpg" in str(response.context["form"].errors["photos"])
    settings.PHOTO_MAX_MB = 0
    with unchanged(Observation, ObservationPhoto):
        response = add(client, case, [phone_jpeg()])
    assert response.status_code == 200 and response.context["form"].errors["photos"]


def test_correcting_an_observation_adds_a_photo(school, login):
    case = case_a(school)
    obs = ObservationFactory.create(case=case, author=school.teacher)
    client = login(school.teacher)
    response = client.post(
        reverse("archives:observation_edit", args=[obs.pk]),
        {
            "date": obs.date.isoformat(),
            "kind": "classroom",
            "rating": "3",
            "note": obs.note,
            "photos": [png()],
        },
    )
    assert response.status_code == 302
    assert obs.photos.count() == 1


def test_only_those_who_see_the_record_fetch_the_photo(school, login, client):
    case = case_a(school)
    add(login(school.teacher), case, [phone_jpeg()])
    photo = ObservationPhoto.objects.get()
    for name in ("archives:photo", "archives:photo_thumb"):
        url = reverse(name, args=[photo.pk])
        owner = login(school.teacher).get(url)
        assert owner.status_code == 200 and owner["Content-Type"] == "image/jpeg"
        assert {"private", "no-store"} <= set(owner["Cache-Control"].replace(" ", "").split(","))
        assert b"".join(owner.streaming_content)[:2] == b"\xff\xd8"
        for outsider in (school.stranger, school.director, school.nobody):
            assert login(outsider).get(url).status_code == 404
        client.logout()
        assert client.get(url).status_code == 302


def test_erasing_the_student_removes_the_photo_files(
    school, login, media, django_capture_on_commit_callbacks
):
    case = case_a(school)
    add(login(school.teacher), case, [phone_jpeg(), png()])
    assert len(list(media.rglob("*.jpg"))) == 4
    with django_capture_on_commit_callbacks(execute=True):
        retention.erase_student(student=school.student_a)
    assert not ObservationPhoto.objects.exists()
    assert not list(media.rglob("*.jpg"))


def test_an_iphone_heic_photo_is_kept_as_jpeg(school, login):
    out = io.BytesIO()
    Image.new("RGB", (4032, 3024), (10, 90, 30)).save(out, "HEIF")
    heic = SimpleUploadedFile("IMG_0002.HEIC", out.getvalue(), content_type="image/heic")
    assert add(login(school.teacher), case_a(school), [heic]).status_code == 302
    photo = ObservationPhoto.objects.get()
    with photo.image.open("rb") as f:
        stored = Image.open(io.BytesIO(f.read()))
    assert (stored.format, stored.size) == ("JPEG", (1600, 1200))
