"""Creating is idempotent: the same form posted twice, or at once, saves one record."""

from __future__ import annotations

import re
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client

from core.idempotency import FIELD, purge_old
from core.models import Submission
from school.models import Subject

pytestmark = pytest.mark.urls("tests.core_once_urls")
URL = "/test-once/new/"


def key_from_form(client) -> str:
    html = client.get(URL).content.decode()
    found = re.search(rf'name="{FIELD}" value="([0-9a-f]+)"', html)
    assert found, "the form carries no submission key"
    return found.group(1)


def test_resubmitting_the_same_form_saves_once_and_shows_the_first_result(school, login):
    client = login(school.teacher)
    key = key_from_form(client)
    first = client.post(URL, {"name": "书法", FIELD: key})
    again = client.post(URL, {"name": "书法", FIELD: key}, follow=True)
    assert Subject.objects.filter(name="书法").count() == 1
    assert first.status_code == 302
    assert again.redirect_chain[0][0] == first.url
    assert "没有重复保存" in again.content.decode()


def test_a_refused_form_keeps_its_key_and_saves_once_corrected(school, login):
    client = login(school.teacher)
    key = key_from_form(client)
    refused = client.post(URL, {"name": "", FIELD: key})
    assert refused.status_code == 200
    assert f'value="{key}"' in refused.content.decode()  # the re-shown form keeps its key
    assert not Submission.objects.exists()
    assert client.post(URL, {"name": "书法", FIELD: key}).status_code == 302
    assert Subject.objects.filter(name="书法").count() == 1


def test_two_forms_save_two_records(school, login):
    client = login(school.teacher)
    client.post(URL, {"name": "书法", FIELD: key_from_form(client)})
    client.post(URL, {"name": "书法2", FIELD: key_from_form(client)})
    assert Subject.objects.filter(name__startswith="书法").count() == 2


def test_the_same_key_of_another_user_is_their_own(school, login):
    key = uuid.uuid4().hex
    login(school.teacher).post(URL, {"name": "书法", FIELD: key})
    other = Client()
    other.force_login(school.head)
    other.post(URL, {"name": "书法2", FIELD: key})
    assert Subject.objects.filter(name__startswith="书法").count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_save_one_record_and_neither_fails(school):
    key = uuid.uuid4().hex
    statuses: list[int] = []
    start = threading.Barrier(2)

    def post() -> None:
        client = Client()
        client.force_login(school.teacher)
        start.wait()
        try:
            statuses.append(client.post(URL, {"name": "书法", FIELD: key}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302, 302]
    assert Subject.objects.filter(name="书法").count() == 1


def test_old_keys_are_forgotten(school):
    from django.utils import timezone

    Submission.objects.create(user=school.teacher, key=uuid.uuid4())
    assert purge_old(timezone.now() + timezone.timedelta(days=3)) == 1
    assert not Submission.objects.exists()
