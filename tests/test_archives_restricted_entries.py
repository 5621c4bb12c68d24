"""A psychological-pressure case's tutoring, discussions and summaries are restricted like its
observation notes: the subject teacher sees that they exist and whom to ask; the head
teacher and school leaders read them, and each read is logged."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from archives.models import AgreedAction
from students.models import AccessRecord

from .factories.archives import (
    ArchiveSummaryFactory,
    CaseDiscussionFactory,
    TutoringSessionFactory,
)
from .test_archives_restricted import _pages, _xlsx, restricted  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

TUTORING = "谈心：考试前睡不着"
RESULT = "愿意说出担心"
IDEAS = "家里压力大，先减轻考试焦虑"
ACTION = "每周与心理老师谈一次"
SUMMARY = "焦虑有所缓解，能按时交作业"
SECRETS = (TUTORING, RESULT, IDEAS, ACTION, SUMMARY)


@pytest.fixture
def entries(restricted):  # noqa: F811
    case = restricted.maths_case
    day = datetime.date(2026, 10, 9)
    tutoring = TutoringSessionFactory.create(
        case=case, author=restricted.teacher, date=day, content=TUTORING, result=RESULT
    )
    discussion = CaseDiscussionFactory.create(
        case=case, author=restricted.teacher, date=day, ideas=IDEAS
    )
    AgreedAction.objects.create(
        discussion=discussion, description=ACTION, owner=restricted.teacher, due_on=day
    )
    summary = ArchiveSummaryFactory.create(
        case=case, author=restricted.teacher, date=day, text=SUMMARY
    )
    return tutoring, discussion, summary


def test_the_subject_teacher_sees_none_of_the_texts_anywhere(login, restricted, entries):  # noqa: F811
    client = login(restricted.teacher)
    case = restricted.maths_case
    for url in _pages(case):
        html = client.get(url).content.decode()
        for secret in SECRETS:
            assert secret not in html, (url, secret)
    archive = client.get(reverse("archives:archive", args=[case.pk])).content.decode()
    assert archive.count("有一条受限记录，如需了解请联系班主任王老师") >= 4  # each entry says so
    workbook = _xlsx(client, case)
    assert not [s for s in SECRETS if s in workbook]
    tutoring, discussion, summary = entries
    for name, entry in (
        ("tutoring_history", tutoring),
        ("discussion_history", discussion),
        ("summary_history", summary),
    ):
        assert client.get(reverse(f"archives:{name}", args=[entry.pk])).status_code == 403
    assert not AccessRecord.objects.filter(what=AccessRecord.What.PSYCHOLOGICAL).exists()


@pytest.mark.parametrize("role", ["head", "principal"])
def test_the_head_teacher_and_leaders_read_them_and_the_read_is_logged(
    login,
    restricted,  # noqa: F811
    entries,
    role,
):
    user = getattr(restricted, role)
    client = login(user)
    case = restricted.maths_case
    archive = client.get(reverse("archives:archive", args=[case.pk])).content.decode()
    for secret in SECRETS:
        assert secret in archive, secret
    logged = AccessRecord.objects.filter(
        user=user, student=restricted.student_a, what=AccessRecord.What.PSYCHOLOGICAL
    )
    assert logged.count() == 1  # one record for the page, whatever the number of entries
    tutoring, _discussion, _summary = entries
    history = client.get(reverse("archives:tutoring_history", args=[tutoring.pk]))
    assert history.status_code == 200
    assert logged.count() == 2
