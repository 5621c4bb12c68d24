"""A week at a glance: a class × subject grid of the week's observations."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from archives.models import Observation, SupportCase
from students.access_log import What
from students.models import AccessRecord

from .browser import fits_phone_width, log_in, phone_page, screenshot
from .factories.archives import ObservationFactory
from .factories.students import StudentFactory, SupportCaseFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 10, 12)


def week_url(school, week=None, subject=None):
    url = reverse("archives:week_grid", args=[school.class_a.pk, (subject or school.maths).pk])
    return url if week is None else f"{url}?week={week}"


def maths_case(school, student=None, **kwargs):
    return SupportCaseFactory(
        student=student or school.student_a,
        subject=school.maths,
        identified_by=school.teacher,
        **kwargs,
    )


def observe(case, day, rating=3, note="课堂上能举手回答一次", **kwargs):
    return ObservationFactory(case=case, date=day, rating=rating, note=note, **kwargs)


def cells_of(response, student):
    row = next(r for r in response.context["rows"] if r.student == student)
    return {cell.day: [d.observation.rating for d in cell.dots] for cell in row.cells}


def test_the_grid_shows_each_days_rating_as_a_dot(school, login):
    case = maths_case(school)
    observe(case, MONDAY, rating=2)
    observe(case, MONDAY + datetime.timedelta(days=2), rating=5, note="书写有进步")
    observe(case, MONDAY + datetime.timedelta(days=7), rating=1)  # next week: not shown
    response = login(school.teacher).get(week_url(school, "2026-10-14"))
    assert response.status_code == 200
    assert [d.isoformat() for d in response.context["days"]] == [
        "2026-10-12",
        "2026-10-13",
        "2026-10-14",
        "2026-10-15",
        "2026-10-16",
    ]
    cells = cells_of(response, school.student_a)
    assert cells[MONDAY] == [2]
    assert cells[MONDAY + datetime.timedelta(days=1)] == []
    assert cells[MONDAY + datetime.timedelta(days=2)] == [5]
    body = response.content.decode()
    assert "wg-dot wg-r2" in body and "wg-dot wg-r5" in body and "wg-r1" not in body
    assert "书写有进步" in body
    # Every student of the class is a row; the one with an open case is marked.
    names = [r.student.name for r in response.context["rows"]]
    assert names == ["张小明", "刘小红"]
    assert body.count("wg-open") == 1


def test_a_weekend_entry_adds_its_day(school, login):
    observe(maths_case(school), MONDAY + datetime.timedelta(days=5), rating=4)
    response = login(school.teacher).get(week_url(school, "2026-10-12"))
    assert len(response.context["days"]) == 6
    assert cells_of(response, school.student_a)[MONDAY + datetime.timedelta(days=5)] == [4]


def test_withdrawn_entries_do_not_show(school, login):
    case = maths_case(school)
    observe(case, MONDAY, rating=2, note="撤回的记录", deleted_at=timezone.now())
    response = login(school.teacher).get(week_url(school, "2026-10-12"))
    assert cells_of(response, school.student_a)[MONDAY] == []
    assert "撤回的记录" not in response.content.decode()


def test_closed_case_entries_show_but_the_student_is_not_marked_open(school, login):
    case = maths_case(school, status=SupportCase.Status.CLOSED)
    observe(case, MONDAY, rating=4)
    response = login(school.teacher).get(week_url(school, "2026-10-12"))
    assert cells_of(response, school.student_a)[MONDAY] == [4]
    assert "wg-open" not in response.content.decode()


def test_other_subjects_entries_are_not_in_the_grid(school, login):
    chinese = SupportCaseFactory(
        student=school.student_a, subject=school.chinese, identified_by=school.head
    )
    observe(chinese, MONDAY, rating=1, note="语文课记录")
    response = login(school.head).get(week_url(school, "2026-10-12"))
    assert cells_of(response, school.student_a)[MONDAY] == []


def test_a_stranger_gets_404_and_the_head_teacher_sees_it(school, login):
    maths_case(school)
    assert login(school.stranger).get(week_url(school)).status_code == 404
    assert login(school.nobody).get(week_url(school)).status_code == 404
    assert login(school.head).get(week_url(school)).status_code == 200
    assert login(school.teacher).get(week_url(school, subject=school.chinese)).status_code == 404


def test_week_navigation_links_move_by_seven_days(school, login):
    response = login(school.teacher).get(week_url(school, "2026-10-15"))
    assert response.context["monday"] == MONDAY
    body = response.content.decode()
    assert 'href="?week=2026-10-05"' in body and 'href="?week=2026-10-19"' in body
    assert 'id="week-this"' in body  # not this week: a way back to it


@pytest.mark.parametrize(
    "garbage", ["soon", "2026-13-45", "2026-02-30", "%00", "9" * 40, "0001-01-01", "9999-12-31"]
)
def test_a_bad_week_falls_back_to_this_week_with_a_message(school, login, garbage):
    response = login(school.teacher).get(week_url(school), {"week": garbage})
    assert response.status_code == 200
    today = timezone.localdate()
    assert response.context["monday"] == today - datetime.timedelta(days=today.weekday())
    assert "YYYY-MM-DD" in response.content.decode()


def test_no_week_is_this_week_without_a_message(school, login):
    response = login(school.teacher).get(week_url(school))
    assert response.context["is_this_week"]
    assert "YYYY-MM-DD" not in response.content.decode()


def test_the_author_can_correct_in_place_and_returns_to_the_week(school, login):
    obs = observe(maths_case(school), MONDAY, rating=2)
    client = login(school.teacher)
    body = client.get(week_url(school, "2026-10-12")).content.decode()
    edit = reverse("archives:observation_edit", args=[obs.pk])
    assert edit in body
    assert reverse("archives:observation_history", args=[obs.pk]) in body
    back = week_url(school, "2026-10-12")
    response = client.post(
        f"{edit}?next={back}",
        {"date": "2026-10-12", "kind": "classroom", "rating": "4", "note": "订正及时"},
    )
    assert response.status_code == 302 and response.url == back
    obs.refresh_from_db()
    assert obs.rating == 4 and obs.corrected_at is not None
    assert [h.rating for h in obs.history.order_by("history_date")] == [2, 4]


def test_someone_elses_entry_has_no_correct_link(school, login):
    obs = observe(maths_case(school), MONDAY, rating=2)
    body = login(school.head).get(week_url(school, "2026-10-12")).content.decode()
    assert reverse("archives:observation_edit", args=[obs.pk]) not in body


def test_an_empty_cell_of_an_open_case_adds_an_entry_once(school, login):
    case = maths_case(school)
    client = login(school.teacher)
    body = client.get(week_url(school, "2026-10-12")).content.decode()
    add = reverse("archives:observation_add", args=[case.pk])
    assert f'action="{add}"' in body
    assert body.count(f'action="{add}"') == 5  # one per empty day
    assert body.count("wg-add") == 5  # the student without an open case gets none
    assert 'name="submission_key"' in body
    data = {
        "date": "2026-10-13",
        "kind": "classroom",
        "rating": "5",
        "note": "",
        "next": week_url(school, "2026-10-12"),
        "submission_key": "0123456789abcdef0123456789abcdef",
    }
    first = client.post(add, data)
    again = client.post(add, data)
    assert first.status_code == again.status_code == 302
    assert first.url == week_url(school, "2026-10-12")
    assert list(Observation.objects.values_list("date", "rating")) == [
        (datetime.date(2026, 10, 13), 5)
    ]


def test_days_after_today_or_before_the_term_take_no_new_entry(school, login):
    maths_case(school)
    client = login(school.teacher)
    today = timezone.localdate()
    future = client.get(week_url(school, (today + datetime.timedelta(days=14)).isoformat()))
    assert "wg-add" not in future.content.decode()
    before_term = client.get(week_url(school, "2026-08-17"))
    assert "wg-add" not in before_term.content.decode()


def test_psychological_notes_are_withheld_from_those_who_may_not_read_them(school, login):
    case = maths_case(school, difficulty_type=SupportCase.Type.PSYCHOLOGICAL_PRESSURE)
    observe(case, MONDAY, rating=2, note="家里父母吵架，情绪低落")
    teacher_body = login(school.teacher).get(week_url(school, "2026-10-12")).content.decode()
    assert "情绪低落" not in teacher_body
    assert "王老师" in teacher_body  # whom to ask
    assert "wg-r2" in teacher_body  # the rating itself is not restricted
    assert not AccessRecord.objects.filter(what=What.PSYCHOLOGICAL).exists()
    head_body = login(school.head).get(week_url(school, "2026-10-12")).content.decode()
    assert "情绪低落" in head_body
    assert AccessRecord.objects.filter(
        user=school.head, student=school.student_a, what=What.PSYCHOLOGICAL
    ).exists()


def test_links_from_the_lesson_log_and_the_class_page(school, login):
    maths_case(school)
    client = login(school.teacher)
    log = client.get(reverse("archives:lesson_log", args=[school.class_a.pk, school.maths.pk]))
    assert week_url(school) in log.content.decode()
    page = client.get(reverse("class_detail", args=[school.class_a.pk])).content.decode()
    assert week_url(school) in page
    assert week_url(school, subject=school.chinese) not in page


def test_the_grid_runs_a_constant_number_of_queries(school, login, constant_queries):
    client = login(school.teacher)
    observe(maths_case(school), MONDAY, rating=3)
    url = week_url(school, "2026-10-12")

    def fetch():
        assert client.get(url).status_code == 200

    def grow():
        for i in range(12):
            student = StudentFactory(school_class=school.class_a, student_number=f"A3{i:02d}")
            case = maths_case(school, student=student)
            for d in range(3):
                observe(case, MONDAY + datetime.timedelta(days=d), rating=d + 1)

    constant_queries(fetch, grow)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_week_fits_a_phone_with_names_pinned(live_server, school):
    for i in range(6):
        student = StudentFactory(
            school_class=school.class_a, student_number=f"A2{i:02d}", name=f"欧阳学生{i}号"
        )
        case = maths_case(school, student=student)
        for d in range(0, 5, 1 + i % 2):
            observe(case, MONDAY + datetime.timedelta(days=d), rating=1 + (i + d) % 5)
    with phone_page(live_server) as page:
        log_in(page, "teacher_a", "pw-12345678")
        page.goto(page.base_url + week_url(school, "2026-10-12"))
        assert fits_phone_width(page)
        grid = page.locator("#week-grid")
        name = page.locator("tbody tr").first.locator("th.wg-name")
        before = name.bounding_box()
        grid.evaluate("el => { el.scrollLeft = 400; }")
        page.wait_for_timeout(100)
        after = name.bounding_box()
        assert before is not None and after is not None
        assert abs(after["x"] - before["x"]) < 1  # pinned while the days scroll
        assert fits_phone_width(page)
        # Tap a dot: its note shows.
        page.locator("summary.wg-dot").first.click()
        assert page.locator("details[open] .wg-pop").first.is_visible()
        screenshot(page, "week-grid-phone")
        assert page.console_errors == []
