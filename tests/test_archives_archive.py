"""The progress archive: timeline from every app, chart, logging, soft delete, exports."""

from __future__ import annotations

import datetime
import sys
import types
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from archives.models import AgreedAction, Observation
from core.plugins import TimelineEntry
from core.xlsx import safe_cell

from .factories.archives import ObservationFactory
from .factories.students import StudentFactory, SupportCaseFactory, case_a

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_quick_add_from_the_archive_shows_on_timeline_and_chart(school, login):
    case = case_a(school)
    client = login(school.teacher)
    response = client.post(
        reverse("archives:observation_add", args=[case.pk]),
        {"date": "2026-09-20", "kind": "classroom", "rating": "4", "note": "主动举手"},
    )
    assert response.status_code == 302
    client.post(
        reverse("archives:observation_add", args=[case.pk]),
        {"date": "2026-10-08", "kind": "test", "score_percent": "72.5", "note": "单元小测"},
    )
    page = client.get(reverse("archives:archive", args=[case.pk]))
    body = page.content.decode()
    assert "主动举手" in body and "单元小测" in body
    chart = page.context["chart"]
    assert len(chart.rating_points) == 1 and len(chart.score_points) == 1
    assert '<svg viewBox="0 0 600 260"' in body and "<circle" in body


def test_observation_needs_a_rating_score_or_note_and_a_valid_rating(school, login):
    case = case_a(school)
    client = login(school.teacher)
    url = reverse("archives:observation_add", args=[case.pk])
    assert client.post(url, {"date": "2026-09-20", "kind": "classroom"}).status_code == 200
    assert (
        client.post(url, {"date": "2026-09-20", "kind": "classroom", "rating": 7}).status_code
        == 200
    )
    assert not Observation.objects.exists()


def test_tutoring_discussion_and_summary_join_the_timeline(school, login):
    case = case_a(school)
    client = login(school.teacher)
    client.post(
        reverse("archives:tutoring_add", args=[case.pk]),
        {"date": "2026-09-21", "content": "面批作业", "result": "能独立订正", "rating": 3},
    )
    client.post(
        reverse("archives:discussion_add", args=[case.pk]),
        {
            "date": "2026-09-25",
            "participants": [school.head.pk],
            "ideas": "课堂多提问，作业分层",
            "action-0-description": "每周面批一次",
            "action-0-owner": school.teacher.pk,
            "action-0-due_on": "2026-10-09",
        },
    )
    action = AgreedAction.objects.get()
    # The next discussion reviews the action agreed last time.
    client.post(
        reverse("archives:discussion_add", args=[case.pk]),
        {
            "date": "2026-10-10",
            "participants": [school.head.pk],
            "ideas": "效果明显",
            f"review-{action.pk}-review": "done",
            f"review-{action.pk}-review_note": "坚持了两周",
        },
    )
    action.refresh_from_db()
    assert action.review == "done" and action.reviewed_at.ideas == "效果明显"
    client.post(
        reverse("archives:summary_add", args=[case.pk]),
        {
            "date": "2026-11-12",
            "period_start": "2026-09-01",
            "period_end": "2026-11-12",
            "text": "半学期小结：基础题正确率提高",
        },
    )
    kinds = [
        e.kind for e in client.get(reverse("archives:archive", args=[case.pk])).context["entries"]
    ]
    assert kinds == ["summary", "discussion", "discussion", "tutoring"]


def test_entries_of_other_apps_plug_into_the_timeline(school, login, monkeypatch):
    """An app's timeline.py adds entries without any change to the archive."""
    case = case_a(school)
    plugin = types.ModuleType("reports.timeline")

    def entries(*, scope, student, subject, term):
        return [
            TimelineEntry(
                date=datetime.date(2026, 10, 1),
                kind="evaluation",
                kind_label="单元评价",
                title="第三单元",
                score_percent=81.0,
            )
        ]

    plugin.entries = entries
    monkeypatch.setitem(sys.modules, "reports.timeline", plugin)
    ObservationFactory(case=case, author=school.teacher, date=datetime.date(2026, 9, 20))
    page = login(school.teacher).get(reverse("archives:archive", args=[case.pk]))
    assert [e.kind for e in page.context["entries"]][:2] == ["evaluation", "observation"]
    assert len(page.context["chart"].score_points) == 1
    assert "第三单元" in page.content.decode()


def test_archive_timeline_runs_a_constant_number_of_queries(school, login):
    case = case_a(school)
    client = login(school.head)
    for i in range(3):
        ObservationFactory(case=case, author=school.teacher, date=datetime.date(2026, 9, 2 + i))
    few = queries(client, reverse("archives:archive", args=[case.pk]))
    for i in range(30):
        ObservationFactory(case=case, author=school.head, date=datetime.date(2026, 10, 1 + i))
    many = queries(client, reverse("archives:archive", args=[case.pk]))
    assert few == many


def test_history_page_runs_a_constant_number_of_queries(school, login):
    case = case_a(school)
    client = login(school.teacher)
    for _ in range(3):
        ObservationFactory(case=case, author=school.teacher)
    few = queries(client, reverse("archives:history", args=[case.pk]))
    for _ in range(30):
        ObservationFactory(case=case, author=school.teacher)
    assert queries(client, reverse("archives:history", args=[case.pk])) == few


def test_deleting_an_observation_is_soft_and_the_author_can_undo_it(school, login):
    case = case_a(school)
    obs = ObservationFactory(case=case, author=school.teacher, note="要删掉的记录")
    client = login(school.teacher)
    client.post(reverse("archives:observation_delete", args=[obs.pk]))
    obs.refresh_from_db()
    assert obs.deleted_at is not None and obs.deleted_by == school.teacher
    page = client.get(reverse("archives:archive", args=[case.pk]))
    assert page.context["entries"] == []
    assert "要删掉的记录" in page.content.decode()  # in the "deleted" list, with Undo
    client.post(reverse("archives:observation_restore", args=[obs.pk]))
    obs.refresh_from_db()
    assert obs.deleted_at is None
    assert obs.history.count() == 3
    versions = obs.history.order_by("history_date")
    assert [h.history_user for h in versions][1:] == [school.teacher, school.teacher]
    assert [h.deleted_at is None for h in versions] == [True, False, True]


def test_only_the_author_or_an_administrator_deletes(school, login):
    case = case_a(school)
    obs = ObservationFactory(case=case, author=school.teacher)
    login(school.head).post(reverse("archives:observation_delete", args=[obs.pk]))
    obs.refresh_from_db()
    assert obs.deleted_at is None
    login(school.admin).post(reverse("archives:observation_delete", args=[obs.pk]))
    obs.refresh_from_db()
    assert obs.deleted_by == school.admin
    login(school.admin).post(reverse("archives:observation_restore", args=[obs.pk]))
    obs.refresh_from_db()
    assert obs.deleted_at is None


def test_stranger_cannot_delete_an_observation(school, login, unchanged):
    obs = ObservationFactory(case=case_a(school), author=school.teacher)
    stranger = login(school.stranger)
    with unchanged():
        response = stranger.post(reverse("archives:observation_delete", args=[obs.pk]))
    assert response.status_code == 404


def test_notes_are_plain_text_shown_escaped(school, login):
    case = case_a(school)
    ObservationFactory(case=case, author=school.teacher, note='<img src=x onerror="alert(1)">')
    body = login(school.teacher).get(reverse("archives:archive", args=[case.pk])).content
    assert b"<img src=x" not in body and b"&lt;img src=x" in body


def test_archive_without_entries_for_the_stale_days_is_marked_stale(school, login, settings):
    settings.ARCHIVE_STALE_DAYS = 14
    case = case_a(school)
    case.identified_on = datetime.date(2026, 9, 5)
    case.save()
    client = login(school.teacher)
    page = client.get(reverse("archives:archive", args=[case.pk]))
    assert page.context["case"].stale
    listing = client.get(reverse("archives:case_list"), {"stale": "stale"})
    assert [c.pk for c in listing.context["page"]] == [case.pk]
    ObservationFactory(case=case, author=school.teacher, date=datetime.date.today())
    assert not client.get(reverse("archives:archive", args=[case.pk])).context["case"].stale
    assert not list(client.get(reverse("archives:case_list"), {"stale": "stale"}).context["page"])


def test_printable_archive_is_laid_out_like_the_paper_one(school, login):
    case = case_a(school)
    case.root_cause = "基础计算不过关"
    case.save()
    ObservationFactory(case=case, author=school.teacher, note="课堂有进步")
    body = login(school.teacher).get(reverse("archives:print", args=[case.pk])).content.decode()
    # Basic information, how it shows, causes, measures, stage results, progress record,
    # the teacher's evaluation, the family's feedback.
    assert body.count("<h2>") == 8
    assert "基础计算不过关" in body and "课堂有进步" in body and "data-print" in body
    assert "archives/print.css" in body and "<script>" not in body


def test_archive_workbook_neutralises_formulas(school, login):
    case = case_a(school)
    ObservationFactory(case=case, author=school.teacher, note='=HYPERLINK("http://x")')
    case.root_cause = "+cmd|' /C calc'!A0"
    case.save()
    response = login(school.teacher).get(reverse("archives:xlsx", args=[case.pk]))
    wb = load_workbook(BytesIO(response.content))
    values = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert '=HYPERLINK("http://x")' in values
    assert "+cmd|' /C calc'!A0" in values
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert all(c.quotePrefix for c in cells if c.value == "+cmd|' /C calc'!A0")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_safe_cell_keeps_the_typed_characters(text):
    assert safe_cell(text) == text


def test_safe_cell_leaves_other_values_alone():
    assert safe_cell("张小明") == "张小明"
    assert safe_cell(3) == 3
    assert safe_cell(None) is None  # an empty cell


def test_the_student_page_offers_a_quick_add(school, login):
    case = case_a(school)
    body = login(school.teacher).get(reverse("students:detail", args=[school.student_a.pk]))
    assert reverse("archives:observation_add", args=[case.pk]) in body.content.decode()


def test_observation_of_another_case_of_the_same_class_stays_hidden_by_subject(school, login):
    other = SupportCaseFactory(
        student=StudentFactory(school_class=school.class_a),
        subject=school.chinese,
        identified_by=school.head,
    )
    response = login(school.teacher).get(reverse("archives:observation_add", args=[other.pk]))
    assert response.status_code == 404


def test_the_author_corrects_an_observation_and_history_keeps_before_and_after(school, login):
    case = case_a(school)
    obs = ObservationFactory(case=case, author=school.teacher, rating=2, note="第一次")
    url = reverse("archives:observation_edit", args=[obs.pk])
    assert login(school.head).get(url).status_code == 403  # sees it, but is not its author
    client = login(school.teacher)
    response = client.post(
        url, {"date": str(obs.date), "kind": "homework", "rating": "4", "note": "改正后"}
    )
    assert response.status_code == 302
    obs.refresh_from_db()
    assert (obs.kind, obs.rating, obs.note) == ("homework", 4, "改正后")
    before, after = obs.history.order_by("history_date")
    assert (before.rating, before.note) == (2, "第一次")
    assert (after.rating, after.note, after.history_user) == (4, "改正后", school.teacher)
    history = client.get(reverse("archives:history", args=[case.pk])).content.decode()
    assert "第一次" in history and "改正后" in history


def test_a_long_archive_shows_the_recent_entries_and_all_on_request(school, login):
    from archives.models import Observation

    case = case_a(school)
    Observation.objects.bulk_create(
        Observation(
            case=case,
            date=datetime.date(2026, 9, 1) + datetime.timedelta(days=i % 80),
            kind="classroom",
            rating=3,
            note=f"第{i}次",
            author=school.teacher,
        )
        for i in range(70)
    )
    client = login(school.teacher)
    page = client.get(reverse("archives:archive", args=[case.pk]))
    assert len(page.context["entries"]) == 60 and page.context["hidden_count"] == 10
    assert len(page.context["chart"].rating_points) >= 60
    everything = client.get(reverse("archives:archive", args=[case.pk]), {"all": "1"})
    assert len(everything.context["entries"]) == 70
