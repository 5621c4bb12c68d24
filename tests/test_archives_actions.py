"""Agreed actions followed up: any number per discussion, 我的待办, done from a phone,
the owner's daily reminder, and the result and review on the timeline."""

from __future__ import annotations

import datetime

from django.urls import reverse

from archives.models import AgreedAction
from archives.reminders_due import actions_due
from school.models import today

from .factories.archives import CaseDiscussionFactory
from .factories.students import case_a


def _action(
    school, *, owner=None, due_on=None, description="每周面批一次", **extra
) -> AgreedAction:
    discussion = CaseDiscussionFactory.create(
        case=case_a(school), author=school.teacher, date=datetime.date(2026, 9, 20)
    )
    return AgreedAction.objects.create(
        discussion=discussion,
        description=description,
        owner=owner or school.teacher,
        due_on=due_on or today(),
        **extra,
    )


def test_a_discussion_takes_any_number_of_actions(school, login):
    client = login(school.teacher)
    data = {"date": "2026-09-25", "participants": [school.head.pk], "ideas": "集思广益"}
    for i in range(6):
        data[f"action-{i}-description"] = f"措施{i}"
        data[f"action-{i}-owner"] = (school.head if i % 2 else school.teacher).pk
        data[f"action-{i}-due_on"] = "2026-10-09"
    response = client.post(reverse("archives:discussion_add", args=[case_a(school).pk]), data)
    assert response.status_code == 302
    assert sorted(AgreedAction.objects.values_list("description", flat=True)) == [
        f"措施{i}" for i in range(6)
    ]


def test_the_discussion_form_offers_more_rows_without_script(school, login):
    client = login(school.teacher)
    url = reverse("archives:discussion_add", args=[case_a(school).pk])
    assert len(client.get(url).context["action_forms"]) == 2
    assert len(client.get(url + "?actions=7").context["action_forms"]) == 7


def test_my_todos_on_the_dashboard_soonest_first_overdue_in_red(school, login):
    late = _action(school, due_on=today() - datetime.timedelta(days=3), description="家访一次")
    soon = _action(school, due_on=today() + datetime.timedelta(days=2), description="课后答疑")
    _action(school, owner=school.head, description="王老师的事")
    page = login(school.teacher).get(reverse("dashboard"))
    panel = next(p for p in page.context["panels"] if p.template == "archives/_panel_actions.html")
    assert panel.context["actions"] == [late, soon]
    assert panel.context["overdue"] == 1
    html = page.content.decode()
    assert "家访一次" in html and "课后答疑" in html and "王老师的事" not in html
    assert "text-bg-danger" in html.split(f'id="action-{late.pk}"')[1].split("</li>")[0]


def test_one_tap_marks_an_action_done_with_its_result(school, login):
    action = _action(school)
    client = login(school.teacher)
    url = reverse("archives:action_done", args=[action.pk])
    response = client.post(url + "?next=/", {"result": "已面批两次，订正及时"})
    assert response.status_code == 302 and response["Location"] == "/"
    action.refresh_from_db()
    assert action.done_on == today() and action.done_by == school.teacher
    assert action.result == "已面批两次，订正及时"
    # A double tap changes nothing.
    client.post(url, {"result": "另一个结果"})
    action.refresh_from_db()
    assert action.result == "已面批两次，订正及时"
    assert action.history.count() == 2
    # It has left the to-do list.
    assert list(client.get(reverse("archives:my_actions")).context["page"]) == []


def test_done_without_a_result_is_still_done(school, login):
    action = _action(school)
    login(school.teacher).post(reverse("archives:action_done", args=[action.pk]), {})
    action.refresh_from_db()
    assert action.done_on == today() and action.result == ""


def test_a_teacher_outside_the_case_cannot_mark_it_done(school, login, unchanged):
    action = _action(school)
    client = login(school.stranger)
    with unchanged(AgreedAction):
        response = client.post(reverse("archives:action_done", args=[action.pk]), {"result": "x"})
    assert response.status_code == 404


def test_a_result_too_long_is_refused_next_to_the_field(school, login, unchanged):
    action = _action(school)
    client = login(school.teacher)
    with unchanged(AgreedAction):
        response = client.post(
            reverse("archives:action_done", args=[action.pk]), {"result": "长" * 201}
        )
    assert response.status_code == 200
    assert response.context["form"].errors["result"]
    assert response.context["form"]["result"].value() == "长" * 201


def test_owner_gets_one_reminder_a_day_for_all_due_actions(school):
    _action(school, due_on=today() - datetime.timedelta(days=5), description="家访一次")
    _action(school, due_on=today(), description="课后答疑")
    _action(school, due_on=today() + datetime.timedelta(days=3), description="以后再说")
    _action(school, due_on=today(), description="已完成", done_on=today())
    _action(school, owner=school.head, due_on=today(), description="王老师的事")
    reminders = {r.user_id: r for r in actions_due(today=today())}
    assert set(reminders) == {school.teacher.pk, school.head.pk}
    mine = reminders[school.teacher.pk]
    assert "家访一次" in mine.body and "课后答疑" in mine.body
    assert "以后再说" not in mine.body and "已完成" not in mine.body
    assert mine.kind == "action_due" and mine.key == f"action_due:{today():%Y-%m-%d}"
    assert mine.url == reverse("archives:my_actions")


def test_result_and_review_show_under_the_action_on_the_timeline(school, login):
    action = _action(school, description="每周面批")
    login(school.teacher).post(
        reverse("archives:action_done", args=[action.pk]), {"result": "面批三次"}
    )
    client = login(school.teacher)
    client.post(
        reverse("archives:discussion_add", args=[case_a(school).pk]),
        {
            "date": today().isoformat(),
            "ideas": "回顾上次措施",
            f"review-{action.pk}-review": "done",
            f"review-{action.pk}-review_note": "书写明显进步",
        },
    )
    html = client.get(reverse("archives:archive", args=[case_a(school).pk])).content.decode()
    assert "面批三次" in html
    assert "书写明显进步" in html


def test_my_todo_list_runs_a_constant_number_of_queries(school, login, constant_queries):
    client = login(school.teacher)
    _action(school)

    def grow():
        for i in range(8):
            _action(school, description=f"措施{i}", due_on=today() - datetime.timedelta(days=i))

    constant_queries(lambda: client.get(reverse("archives:my_actions")), grow)
    constant_queries(lambda: client.get(reverse("dashboard")), grow, max_queries=80)
