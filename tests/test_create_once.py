"""Every create form saves once: Back-and-resubmit or a double tap with the same key.

Each row of ``FORMS`` is one create form: who fills it in, where it is, what it
posts and which records it makes. The page must carry a one-time key, the first
post must answer with a redirect, and posting the same data with the same key
again must save nothing more and say so. Where a second, separate submission of
the same data legitimately makes a second record, a new key does.
"""

from __future__ import annotations

import datetime
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from archives.models import (
    ArchiveSummary,
    CaseDiscussion,
    Observation,
    SupportCase,
    TutoringSession,
)
from core.idempotency import FIELD
from evaluations.models import Evaluation, Gap
from family.models import FamilyContact, Guardian, ParentSession
from homework.models import Assignment, MarkingRecord
from inspections.models import InspectionResult, RoundAssignment
from reminders.models import Reminder, ReminderPreference
from reports.models import ExportJob
from students.models import Student

from .factories.evaluations import class_a_evaluation
from .factories.family import open_case
from .factories.homework import DAY, class_a_homework
from .factories.inspections import chinese_round
from .factories.school import SchoolClassFactory, TeachingAssignmentFactory
from .factories.students import case_a

pytestmark = pytest.mark.django_db

ALREADY_SAVED = "没有重复保存"

Data = Callable[[], dict]


@dataclass(frozen=True)
class CreateForm:
    name: str
    user: str
    setup: Callable[[SimpleNamespace], tuple[str, Data]]  # → (url, fresh post data)
    model: type[Model]
    a_new_key_saves_again: bool = True


def _lesson(school):
    case = case_a(school)
    url = reverse("archives:lesson_log", args=[school.class_a.pk, school.maths.pk])
    return url, lambda: {
        "date": "2026-10-12",
        "kind": "classroom",
        f"row-{case.pk}-rating": "4",
        f"row-{case.pk}-note": "主动举手",
    }


def _entry(name: str, data: dict):
    def setup(school):
        return reverse(f"archives:{name}", args=[case_a(school).pk]), lambda: dict(data)

    return setup


def _discussion(school):
    url = reverse("archives:discussion_add", args=[case_a(school).pk])
    return url, lambda: {
        "date": "2026-09-25",
        "participants": [school.head.pk],
        "ideas": "课堂多提问",
        "action-0-description": "每周面批一次",
        "action-0-owner": school.teacher.pk,
        "action-0-due_on": "2026-10-09",
    }


def _identify(school):
    url = reverse("archives:case_identify", args=[school.student_a.pk])
    return url, lambda: {
        "subject": school.maths.pk,
        "identified_on": "2026-09-10",
        "causes": ["weak_foundation"],
        "difficulty_type": "lost_interest",
        "evidence_test_results_note": "摸底测试",
        "evidence_test_results_score": "48",
    }


def _struggling(school):
    return open_case(school.student_a, school.maths, school.term, school.teacher)


def _contact(school):
    _struggling(school)
    url = reverse("family:contact_create", args=[school.student_a.pk])
    return url, lambda: {
        "date": "2026-11-02",
        "channel": "home_visit",
        "participants": "奶奶，王老师",
        "summary": "孩子在家能按时完成作业",
        "next_contact_on": "2026-12-01",
    }


def _letter(school):
    _struggling(school)
    url = reverse("family:letter", args=[school.student_a.pk])
    return url, lambda: {
        "text": "家长您好：进步很大。",
        "channel": "private_message",
        "date": "2026-11-20",
    }


def _situation(school):
    _struggling(school)
    url = reverse("family:profile_edit", args=[school.student_a.pk])
    return url, lambda: {
        "primary_caregiver": "grandparents",
        "guardians-TOTAL_FORMS": "1",
        "guardians-INITIAL_FORMS": "0",
        "guardians-MIN_NUM_FORMS": "0",
        "guardians-MAX_NUM_FORMS": "1000",
        "guardians-0-relation": "grandmother",
        "guardians-0-name": "张奶奶",
        "guardians-0-phone": "13900001111",
    }


def _session(school):
    _struggling(school)
    return reverse("family:session_create"), lambda: {
        "kind": "parent_school",
        "school_class": school.class_a.pk,
        "topic": "如何陪孩子阅读",
        "date": "2026-10-20",
    }


def homework_data(school) -> dict:
    return {
        "pair": f"{school.class_a.pk}-{school.maths.pk}",
        "date": DAY.isoformat(),
        "title": "两位数加法",
        "phase": "after",
        "kind": "written",
        "default_level": "basic",
        "basic_content": "口算20题",
        "basic_minutes": 10,
    }


def _homework(school):
    return reverse("homework:create"), lambda: homework_data(school)


def _copy(school):
    class_d = SchoolClassFactory(grade=school.grade, number=3)
    TeachingAssignmentFactory(
        term=school.term, teacher=school.teacher, school_class=class_d, subject=school.maths
    )
    url = reverse("homework:copy", args=[class_a_homework(school).pk])
    return url, lambda: {"classes": [class_d.pk]}


def _marking(school):
    _struggling(school)
    url = reverse("homework:marking", args=[class_a_homework(school).pk])
    p = f"s{school.student_a.pk}_"
    return url, lambda: {p + "record": "on", p + "submitted": "on", p + "quality": "B"}


def _evaluation(school):
    return reverse("evaluations:create"), lambda: {
        "school_class": school.class_a.pk,
        "subject": school.maths.pk,
        "kind": "unit",
        "name": "第二单元",
        "date": "2026-10-08",
        "scale": "score",
        "full_marks": "100",
        "pass_line": "60",
    }


def _grid(school):
    url = reverse("evaluations:detail", args=[class_a_evaluation(school).pk])
    a = school.student_a.pk
    return url, lambda: {f"score-{a}": "45", f"gaps-{a}": "估算，两位数乘法"}


def _inspection(school):
    r = chinese_round(school)
    RoundAssignment.objects.create(round=r, teacher=school.head, inspector=school.director)
    url = reverse("inspections:inspect", args=[r.pk, school.head.pk])
    return url, lambda: {f"score-{i.pk}": "3" for i in r.items.all()} | {"problems": "偏少"}


def _new_student(school):
    return reverse("students:create"), lambda: {
        "student_number": "N009",
        "name": "孙九",
        "gender": "M",
        "school_class": school.class_a.pk,
        "status": "in_school",
    }


def _export(school):
    return reverse("reports:export"), lambda: {"term": school.term.pk}


def _preferences(school):
    data = {kind: "inbox" for kind in Reminder.Kind.values}
    return reverse("reminders:preferences"), lambda: dict(data)


FORMS = [
    CreateForm("lesson log", "teacher", _lesson, Observation),
    CreateForm(
        "observation",
        "teacher",
        _entry("observation_add", {"date": "2026-09-20", "kind": "classroom", "rating": "4"}),
        Observation,
    ),
    CreateForm(
        "tutoring",
        "teacher",
        _entry("tutoring_add", {"date": "2026-09-21", "content": "面批作业", "rating": "3"}),
        TutoringSession,
    ),
    CreateForm("discussion", "teacher", _discussion, CaseDiscussion),
    CreateForm(
        "summary",
        "teacher",
        _entry(
            "summary_add",
            {
                "date": "2026-11-12",
                "period_start": "2026-09-01",
                "period_end": "2026-11-12",
                "text": "半学期小结",
            },
        ),
        ArchiveSummary,
    ),
    CreateForm("identification", "teacher", _identify, SupportCase, a_new_key_saves_again=False),
    CreateForm("family contact", "head", _contact, FamilyContact),
    CreateForm("progress letter", "head", _letter, FamilyContact),
    CreateForm("family situation", "head", _situation, Guardian, a_new_key_saves_again=False),
    CreateForm("parent session", "head", _session, ParentSession),
    CreateForm("homework", "teacher", _homework, Assignment),
    CreateForm("homework copy", "teacher", _copy, Assignment, a_new_key_saves_again=False),
    CreateForm("marking", "teacher", _marking, MarkingRecord, a_new_key_saves_again=False),
    CreateForm("evaluation", "teacher", _evaluation, Evaluation),
    CreateForm("evaluation grid and gaps", "teacher", _grid, Gap, a_new_key_saves_again=False),
    CreateForm(
        "inspection result", "director", _inspection, InspectionResult, a_new_key_saves_again=False
    ),
    CreateForm("new student", "admin", _new_student, Student, a_new_key_saves_again=False),
    # The roster import confirms a preview: tests/test_students_roster_preview.py.
    CreateForm("background export", "admin", _export, ExportJob),
    CreateForm(
        "reminder preferences",
        "teacher",
        _preferences,
        ReminderPreference,
        a_new_key_saves_again=False,
    ),
]


def key_on_page(client: Client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200
    found = re.search(rf'name="{FIELD}" value="([0-9a-f]{{32}})"', page.content.decode())
    assert found, "the create form carries no one-time key"
    return found.group(1)


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
def test_the_same_form_sent_twice_saves_once(form, school, login, settings):
    settings.EXPORT_BACKGROUND_ROWS = -1  # every export is a background job
    client = login(getattr(school, form.user))
    url, data = form.setup(school)
    before = form.model.objects.count()
    key = key_on_page(client, url)

    first = client.post(url, data() | {FIELD: key})
    assert first.status_code == 302, first.context and first.context.get("form").errors
    saved = form.model.objects.count() - before
    assert saved >= 1

    again = client.post(url, data() | {FIELD: key}, follow=True)
    assert again.redirect_chain[0][0] == first.url  # the first submission's result
    assert ALREADY_SAVED in again.content.decode()
    assert form.model.objects.count() - before == saved

    if form.a_new_key_saves_again:
        client.post(url, data() | {FIELD: key_on_page(client, url)})
        assert form.model.objects.count() - before == 2 * saved


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_homework_posts_set_one_assignment(school):
    data = homework_data(school) | {FIELD: uuid.uuid4().hex}
    statuses: list[int] = []
    start = threading.Barrier(2)

    def post() -> None:
        client = Client()
        client.force_login(school.teacher)
        start.wait()
        try:
            statuses.append(client.post(reverse("homework:create"), data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302, 302]
    assert Assignment.objects.count() == 1


def test_the_daily_scan_forgets_keys_older_than_two_days(school):
    from django.utils import timezone

    from core.models import Submission
    from reminders.tasks import daily_scan

    old = Submission.objects.create(user=school.teacher, key=uuid.uuid4())
    Submission.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    fresh = Submission.objects.create(user=school.teacher, key=uuid.uuid4())
    assert daily_scan.delay().get()["submission_keys_purged"] == 1
    assert list(Submission.objects.all()) == [fresh]


def test_the_archives_quick_add_sent_twice_saves_one_observation(school, login):
    case = case_a(school)
    client = login(school.teacher)
    key = key_on_page(client, reverse("archives:archive", args=[case.pk]))
    url = reverse("archives:observation_add", args=[case.pk])
    data = {
        "date": "2026-09-20",
        "kind": "classroom",
        "rating": "4",
        "note": "快速记录",
        FIELD: key,
    }
    first = client.post(url, data)
    assert first.status_code == 302
    again = client.post(url, data, follow=True)
    assert ALREADY_SAVED in again.content.decode()
    assert Observation.objects.filter(case=case, note="快速记录").count() == 1
