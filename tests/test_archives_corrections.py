"""Correcting, withdrawing and restoring archive entries; their history; the 已更正 badge."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from archives.evidence import evidence

from .factories.archives import (
    ArchiveSummaryFactory,
    CaseDiscussionFactory,
    TutoringSessionFactory,
)
from .factories.students import case_a


def _timeline(client, case) -> list:
    return client.get(reverse("archives:archive", args=[case.pk])).context["entries"]


def _post_data(kind: str, entry, **changes) -> dict:
    fields = {"tutoring": ["content", "result"], "discussion": ["ideas"], "summary": ["text"]}
    data = {"date": str(entry.date), **{f: getattr(entry, f) for f in fields[kind]}}
    data.update(changes)
    return data


def test_the_author_corrects_a_tutoring_session_and_its_history_shows_before_and_after(
    school, login
):
    case = case_a(school)
    session = TutoringSessionFactory(case=case, author=school.teacher, content="口算练习")
    client = login(school.teacher)
    response = client.post(
        reverse("archives:tutoring_edit", args=[session.pk]),
        _post_data("tutoring", session, content="口算与应用题练习"),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.content == "口算与应用题练习"
    assert session.corrected_at is not None
    before, after = session.history.order_by("history_date")
    assert before.content == "口算练习"
    assert (after.content, after.history_user) == ("口算与应用题练习", school.teacher)
    with translation.override("zh-hans"):
        page = client.get(reverse("archives:tutoring_history", args=[session.pk]))
    text = page.content.decode()
    assert "口算练习" in text and "口算与应用题练习" in text
    assert "已更正" in text and school.teacher.full_name in text


def test_the_archive_shows_corrected_on_a_changed_entry_linking_to_its_history(school, login):
    case = case_a(school)
    untouched = ArchiveSummaryFactory(case=case, author=school.teacher, text="第一段总结")
    corrected = ArchiveSummaryFactory(case=case, author=school.teacher, text="第二段总结")
    client = login(school.teacher)
    client.post(
        reverse("archives:summary_edit", args=[corrected.pk]),
        _post_data("summary", corrected, text="第二段总结（已补充）"),
    )
    entries = {e.body: e for e in _timeline(client, case)}
    assert not entries["第一段总结"].corrected
    assert entries["第二段总结（已补充）"].corrected
    history = reverse("archives:summary_history", args=[corrected.pk])
    with translation.override("zh-hans"):
        html = client.get(reverse("archives:archive", args=[case.pk])).content.decode()
    assert html.count("已更正") == 1
    assert f'href="{history}">已更正' in html
    assert untouched.corrected_at is None


def test_saving_without_a_change_is_no_correction(school, login):
    case = case_a(school)
    session = TutoringSessionFactory(case=case, author=school.teacher)
    login(school.teacher).post(
        reverse("archives:tutoring_edit", args=[session.pk]), _post_data("tutoring", session)
    )
    session.refresh_from_db()
    assert session.corrected_at is None
    assert session.history.count() == 1


@pytest.mark.parametrize(
    ("kind", "factory"),
    [
        ("tutoring", TutoringSessionFactory),
        ("discussion", CaseDiscussionFactory),
        ("summary", ArchiveSummaryFactory),
    ],
)
def test_withdrawing_hides_an_entry_and_undo_brings_it_back(school, login, kind, factory):
    case = case_a(school)
    entry = factory(case=case, author=school.teacher)
    client = login(school.teacher)
    assert len(_timeline(client, case)) == 1
    client.post(reverse(f"archives:{kind}_delete", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.deleted_at is not None and entry.deleted_by == school.teacher
    assert _timeline(client, case) == []
    page = client.get(reverse("archives:archive", args=[case.pk]))
    restore = reverse(f"archives:{kind}_restore", args=[entry.pk])
    assert restore in page.content.decode()  # in the "withdrawn" list, with Undo
    client.post(restore)
    entry.refresh_from_db()
    assert entry.deleted_at is None
    assert len(_timeline(client, case)) == 1
    actions = [v.action for v in reversed(_versions(client, kind, entry))]
    assert len(actions) == 3 and actions[1:] == ["已撤回", "已恢复"]


def _versions(client, kind, entry) -> list:
    return client.get(reverse(f"archives:{kind}_history", args=[entry.pk])).context["versions"]


def test_withdrawn_entries_leave_counts_and_the_last_entry_date(school, login):
    case = case_a(school)
    TutoringSessionFactory(case=case, author=school.teacher)
    discussion = CaseDiscussionFactory(case=case, author=school.teacher)
    summary = ArchiveSummaryFactory(case=case, author=school.teacher)

    def archive_counts():
        with translation.override("en"):
            rows = evidence(
                teacher=school.teacher,
                term=school.term,
                start=school.term.start,
                end=school.term.end,
            )
            return {str(e.label): e.value for e in rows}

    before = archive_counts()
    login(school.teacher).post(reverse("archives:discussion_delete", args=[discussion.pk]))
    login(school.teacher).post(reverse("archives:summary_delete", args=[summary.pk]))
    after = archive_counts()
    assert after["Archive entries in the period"] == before["Archive entries in the period"] - 1
    assert after["Summaries in the period"] == before["Summaries in the period"] - 1


def test_an_administrator_corrects_and_withdraws_anyones_entry(school, login):
    case = case_a(school)
    entry = CaseDiscussionFactory(case=case, author=school.teacher, ideas="先降低目标")
    client = login(school.admin)
    response = client.post(
        reverse("archives:discussion_edit", args=[entry.pk]),
        _post_data("discussion", entry, ideas="先降低目标，再逐步提高"),
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.ideas == "先降低目标，再逐步提高"
    assert school.teacher in entry.participants.all()  # the author stays a participant
    client.post(reverse("archives:discussion_delete", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.deleted_by == school.admin


@pytest.mark.parametrize("action", ["edit", "delete", "restore"])
def test_a_colleague_who_sees_the_entry_gets_403_and_nothing_changes(
    school, login, unchanged, action
):
    entry = TutoringSessionFactory(case=case_a(school), author=school.teacher)
    client = login(school.head)  # the head teacher sees every subject of the class
    url = reverse(f"archives:tutoring_{action}", args=[entry.pk])
    assert client.get(reverse("archives:tutoring_history", args=[entry.pk])).status_code == 200
    with unchanged():
        response = client.post(url, _post_data("tutoring", entry, content="别人改的"))
    assert response.status_code == 403


@pytest.mark.parametrize("action", ["edit", "delete", "restore", "history"])
def test_a_stranger_gets_404_and_nothing_changes(school, login, unchanged, action):
    entry = ArchiveSummaryFactory(case=case_a(school), author=school.teacher)
    client = login(school.stranger)
    url = reverse(f"archives:summary_{action}", args=[entry.pk])
    assert client.get(url).status_code in (404, 405)
    with unchanged():
        response = client.post(url, _post_data("summary", entry, text="外人改的"))
    assert response.status_code == 404


def test_a_date_outside_the_term_is_refused_on_correction_as_on_creation(school, login):
    case = case_a(school)
    session = TutoringSessionFactory(case=case, author=school.teacher)
    too_early = school.term.start.replace(year=school.term.start.year - 1)
    response = login(school.teacher).post(
        reverse("archives:tutoring_edit", args=[session.pk]),
        _post_data("tutoring", session, date=str(too_early)),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date"]
    session.refresh_from_db()
    assert session.date == case.identified_on and session.corrected_at is None


def test_a_withdrawn_discussion_s_actions_are_not_offered_for_review(school, login):
    from archives.models import AgreedAction

    case = case_a(school)
    discussion = CaseDiscussionFactory(case=case, author=school.teacher)
    action = AgreedAction.objects.create(
        discussion=discussion,
        description="每天口算十题",
        owner=school.teacher,
        due_on=case.term.end,
    )
    client = login(school.teacher)
    url = reverse("archives:discussion_add", args=[case.pk])
    assert [a for a, _f in client.get(url).context["review_forms"]] == [action]
    client.post(reverse("archives:discussion_delete", args=[discussion.pk]))
    assert client.get(url).context["review_forms"] == []


def test_the_history_page_runs_a_constant_number_of_queries(school, login, constant_queries):
    session = TutoringSessionFactory(case=case_a(school), author=school.teacher)
    client = login(school.teacher)
    url = reverse("archives:tutoring_history", args=[session.pk])
    edits = iter(range(100))

    def grow():
        for _ in range(3):
            session.content = f"第{next(edits)}次修改"
            session.save()

    constant_queries(lambda: client.get(url), grow)
