"""The 关注 list: watched students in the lesson log, their notes handed to the case on
identification; a lesson's edit link returns to the lesson."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from archives.models import Observation, SupportCase, Watch, WatchNote
from core.anonymise import ERASED_TEXT
from students import retention

from .factories.students import StudentFactory, SupportCaseFactory
from .test_archives_lesson_log import lesson_url

pytestmark = pytest.mark.django_db


def watch_url(school):
    return reverse("archives:watch_list", args=[school.class_a.pk, school.maths.pk])


def watch(client, school, student):
    return client.post(watch_url(school), {"add": student.pk}, follow=True)


def test_a_teacher_watches_a_student_and_notes_them_in_the_lesson_log(school, login):
    client = login(school.teacher)
    response = watch(client, school, school.student_a2)
    assert "刘小红" in response.content.decode()
    w = Watch.objects.get()
    assert (w.student, w.subject, w.term, w.added_by) == (
        school.student_a2,
        school.maths,
        school.term,
        school.teacher,
    )
    page = client.get(lesson_url(school)).content.decode()
    assert 'data-student="A002"' in page and f'name="watch-{w.pk}-rating"' in page

    data = {"date": "2026-10-12", "kind": "classroom"}
    data |= {f"watch-{w.pk}-rating": "2", f"watch-{w.pk}-note": "注意力不集中"}
    response = client.post(lesson_url(school), data, follow=True)
    note = WatchNote.objects.get()
    assert (note.rating, note.note, note.author) == (2, "注意力不集中", school.teacher)
    assert not Observation.objects.exists()
    # The saved list shows it, with an edit link that comes back to this lesson.
    saved = response.context["saved"]
    assert [(s.student, s.watched) for s in saved] == [(school.student_a2, True)]
    edit = reverse("archives:watchnote_edit", args=[note.pk])
    assert saved[0].edit_url.startswith(edit + "?next=")
    assert edit in response.content.decode()


def test_watching_twice_makes_one_watch_and_a_student_with_a_case_is_refused(
    school, login, unchanged
):
    client = login(school.teacher)
    watch(client, school, school.student_a2)
    watch(client, school, school.student_a2)
    assert Watch.objects.count() == 1
    SupportCaseFactory(student=school.student_a, subject=school.maths, term=school.term)
    with unchanged(Watch):
        response = watch(client, school, school.student_a)
    assert "already has a support case" in response.content.decode() or "已有" in (
        response.content.decode()
    )


def test_stopping_a_watch_keeps_its_notes_and_empties_the_log_row(school, login):
    client = login(school.teacher)
    watch(client, school, school.student_a2)
    w = Watch.objects.get()
    WatchNote.objects.create(watch=w, author=school.teacher, kind="classroom", rating=4)
    client.post(watch_url(school), {"remove": w.pk})
    w.refresh_from_db()
    assert w.ended_at is not None and w.ended_by == school.teacher
    assert WatchNote.objects.count() == 1
    assert f"watch-{w.pk}-rating" not in client.get(lesson_url(school)).content.decode()


def test_a_colleague_of_another_class_cannot_watch_or_see_the_list(school, login, unchanged):
    client = login(school.stranger)
    assert client.get(watch_url(school)).status_code == 404
    with unchanged(Watch):
        assert client.post(watch_url(school), {"add": school.student_a2.pk}).status_code == 404


def test_a_student_of_another_class_cannot_be_watched_here(school, login, unchanged):
    with unchanged(Watch):
        response = login(school.teacher).post(watch_url(school), {"add": school.student_b.pk})
    assert response.status_code == 404


def test_identification_takes_the_watch_notes_as_evidence_and_observations(school, login):
    client = login(school.teacher)
    watch(client, school, school.student_a2)
    w = Watch.objects.get()
    note = WatchNote.objects.create(
        watch=w, author=school.teacher, kind="homework", rating=2, note="作业未交"
    )
    identify = reverse("archives:case_identify", args=[school.student_a2.pk])
    page = client.get(identify).content.decode()
    assert "作业未交" in page  # pre-filled as daily-observation evidence
    data = {
        "subject": school.maths.pk,
        "identified_on": "2026-10-20",
        "causes": ["weak_foundation"],
        "difficulty_type": "poor_study_method",
        "evidence_observation_note": "作业未交",
    }
    assert client.post(identify, data).status_code == 302
    case = SupportCase.objects.get(student=school.student_a2)
    obs = Observation.objects.get(case=case)
    assert (obs.date, obs.kind, obs.rating, obs.note, obs.author) == (
        note.date,
        "homework",
        2,
        "作业未交",
        school.teacher,
    )
    w.refresh_from_db()
    note.refresh_from_db()
    assert w.ended_at is not None and w.case == case and note.observation == obs
    # The student is now a case row in the log, not a watch row.
    page = client.get(lesson_url(school)).content.decode()
    assert f"row-{case.pk}-rating" in page and f"watch-{w.pk}-rating" not in page
    # And the archive shows the note.
    assert "作业未交" in client.get(reverse("archives:archive", args=[case.pk])).content.decode()


def test_a_watch_note_is_corrected_with_history_and_a_future_date_is_refused(
    school, login, unchanged
):
    client = login(school.teacher)
    watch(client, school, school.student_a2)
    note = WatchNote.objects.create(
        watch=Watch.objects.get(), author=school.teacher, kind="classroom", rating=2, note="走神"
    )
    edit = reverse("archives:watchnote_edit", args=[note.pk])
    with unchanged(WatchNote):
        refused = client.post(
            edit, {"date": "2099-01-01", "kind": "classroom", "rating": "3", "note": "改"}
        )
    assert refused.status_code == 200 and "改" in refused.content.decode()
    back = lesson_url(school) + "?date=2026-10-12&kind=classroom"
    response = client.post(
        f"{edit}?next={quote(back)}",
        {"date": "2026-10-12", "kind": "classroom", "rating": "3", "note": "走神，后来举手"},
    )
    assert response.status_code == 302 and response["Location"] == back
    note.refresh_from_db()
    assert (note.rating, note.note) == (3, "走神，后来举手") and note.corrected_at
    history = client.get(reverse("archives:watchnote_history", args=[note.pk])).content.decode()
    assert "走神，后来举手" in history and "走神" in history


def test_a_colleague_who_did_not_write_the_note_cannot_correct_it(school, login, unchanged):
    login(school.teacher)
    w = Watch.objects.create(
        student=school.student_a2, subject=school.maths, term=school.term, added_by=school.teacher
    )
    note = WatchNote.objects.create(watch=w, author=school.teacher, kind="classroom", rating=2)
    head = login(school.head)  # head teacher of class A: sees it, did not write it
    with unchanged(WatchNote):
        response = head.post(
            reverse("archives:watchnote_edit", args=[note.pk]),
            {"date": "2026-10-12", "kind": "classroom", "rating": "5", "note": ""},
        )
    assert response.status_code == 403


def test_the_lesson_logs_edit_link_returns_to_the_lesson(school, login):
    case = SupportCaseFactory(student=school.student_a, subject=school.maths, term=school.term)
    client = login(school.teacher)
    data = {"date": "2026-10-12", "kind": "classroom", f"row-{case.pk}-rating": "3"}
    response = client.post(lesson_url(school), data, follow=True)
    link = response.context["saved"][0].edit_url
    assert "next=" in link
    obs = Observation.objects.get()
    corrected = client.post(
        link, {"date": "2026-10-12", "kind": "classroom", "rating": "4", "note": "订正及时"}
    )
    assert corrected.status_code == 302
    assert corrected["Location"] == lesson_url(school) + "?date=2026-10-12&kind=classroom"
    obs.refresh_from_db()
    assert obs.rating == 4


def test_the_log_with_watches_runs_a_constant_number_of_queries(school, login, constant_queries):
    client = login(school.teacher)
    url = lesson_url(school) + "?date=2026-10-12&kind=classroom"

    def add(n):
        for _i in range(n):
            s = StudentFactory(school_class=school.class_a)
            w = Watch.objects.create(
                student=s, subject=school.maths, term=school.term, added_by=school.teacher
            )
            WatchNote.objects.create(
                watch=w,
                author=school.teacher,
                kind="classroom",
                rating=3,
                date="2026-10-12",
            )
            SupportCaseFactory(
                student=StudentFactory(school_class=school.class_a),
                subject=school.maths,
                term=school.term,
            )

    add(1)  # an empty log skips its queries: start from one row of each
    constant_queries(lambda: client.get(url), lambda: add(3))
    constant_queries(lambda: client.get(watch_url(school)), lambda: add(3))


def test_erasing_a_student_clears_their_watch_notes(school, login):
    w = Watch.objects.create(
        student=school.student_a2, subject=school.maths, term=school.term, added_by=school.teacher
    )
    WatchNote.objects.create(watch=w, author=school.teacher, kind="classroom", note="家里有事")
    WatchNote.objects.create(
        watch=w, author=school.teacher, kind="classroom", rating=2, note="走神"
    )
    case = SupportCaseFactory(student=school.student_a2, subject=school.chinese, term=school.term)
    Observation.objects.create(case=case, author=school.head, kind="classroom", note="哭了")
    retention.erase_student(student=school.student_a2)
    # A note-only entry keeps a placeholder (an empty entry is not allowed), the rest empties.
    notes = sorted(WatchNote.objects.values_list("rating", "note"), key=str)
    assert notes == [(2, ""), (None, ERASED_TEXT)]
    assert Observation.objects.get().note == ERASED_TEXT
    assert not WatchNote.history.filter(note="家里有事").exists()
