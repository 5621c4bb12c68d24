"""A goal monitored by a measure: set up, probes for a class, the decision on the archive."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from archives.models import GoalMonitor, MonitoringMeasure, PlannedDose, ProbePoint
from archives.monitoring_data import monitoring_of

from .factories.archives import TutoringSessionFactory
from .factories.evaluations import EvaluationFactory, EvaluationResultFactory
from .factories.students import StudentFactory, SupportCaseFactory, SupportGoalFactory

pytestmark = pytest.mark.django_db

WEEKS = [datetime.date(2026, 10, 5) + datetime.timedelta(days=7 * i) for i in range(6)]


def oral_maths() -> MonitoringMeasure:
    return MonitoringMeasure.objects.get(name="口算（1 分钟正确题数）")


def five_cases(school):
    return [
        SupportCaseFactory(
            student=StudentFactory(school_class=school.class_a, student_number=f"A1{i:02d}"),
            subject=school.maths,
            identified_by=school.teacher,
            identified_on=datetime.date(2026, 9, 10),
        )
        for i in range(5)
    ]


def monitor(case, measure=None, goal_value="20", starts_on=WEEKS[0], by=None):
    goal = SupportGoalFactory(case=case, step=1, due_on=datetime.date(2026, 12, 14))
    return GoalMonitor.objects.create(
        goal=goal,
        measure=measure or oral_maths(),
        starts_on=starts_on,
        goal_value=Decimal(goal_value) if goal_value else None,
        updated_by=by or case.identified_by,
    )


def batch_url(school):
    return reverse("archives:probe_batch", args=[school.class_a.pk, school.maths.pk])


def post_week(client, school, cases, day, values):
    data = {"measure": oral_maths().pk, "date": day.isoformat(), "submission_key": uuid.uuid4().hex}
    for case, value in zip(cases, values, strict=True):
        data[f"row-{case.pk}-value"] = str(value)
    return client.post(batch_url(school), data)


def test_teacher_sets_the_goal_of_a_step(school, login):
    case = five_cases(school)[0]
    goal = SupportGoalFactory(case=case, step=1, due_on=datetime.date(2026, 12, 14))
    client = login(school.teacher)
    url = reverse("archives:goal_monitor", args=[goal.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"measure": oral_maths().pk, "starts_on": "2026-10-05", "weekly_rate": "0.8"}
    )
    assert response.status_code == 302
    m = GoalMonitor.objects.get(goal=goal)
    assert m.weekly_rate == Decimal("0.8") and m.goal_value is None
    # Once there is a baseline the page says both forms of the goal.
    for day, value in zip(WEEKS[:3], [12, 11, 13], strict=True):
        ProbePoint.objects.create(
            case=case, measure=oral_maths(), date=day, value=value, author=school.teacher
        )
    page = client.get(url).content.decode()
    # baseline 12 on 12 Oct, +0.8 a week for 9 weeks to 14 Dec: 19.2.
    assert "从 12 题提高到 19.2 题" in page and "约每周 +0.8 题" in page


def test_goal_needs_a_value_or_a_rate_and_a_date_in_the_term(school, login, unchanged):
    case = five_cases(school)[0]
    goal = SupportGoalFactory(case=case, step=1)
    client = login(school.teacher)
    url = reverse("archives:goal_monitor", args=[goal.pk])
    with unchanged(GoalMonitor):
        response = client.post(url, {"measure": oral_maths().pk, "starts_on": "2026-10-05"})
        assert response.status_code == 200 and response.context["form"].non_field_errors()
        response = client.post(
            url, {"measure": oral_maths().pk, "starts_on": "2027-03-01", "goal_value": "20"}
        )
        assert response.context["form"].errors["starts_on"]
        response = client.post(
            url, {"measure": oral_maths().pk, "starts_on": "2026-10-05", "goal_value": "999"}
        )
        assert "0 到 60" in str(response.context["form"].errors["goal_value"])
        assert 'value="999"' in response.content.decode()


def test_five_students_probe_on_one_page_and_the_archive_decides(school, login):
    cases = five_cases(school)
    for case in cases:
        monitor(case)
    client = login(school.teacher)
    page = client.get(batch_url(school)).content.decode()
    assert page.count('class="probe-row') == 5
    # Student 0 stays flat (10 a week) against a goal of 20: the last four below the line.
    for day in WEEKS:
        assert post_week(client, school, cases, day, [10, 12, 14, 8, 9]).status_code == 302
    assert ProbePoint.objects.count() == 30
    archive = client.get(reverse("archives:archive", args=[cases[0].pk])).content.decode()
    assert "需要调整帮扶措施" in archive
    assert "最近 4 次均低于目标线" in archive
    assert 'class="aimline"' in archive and 'class="trendline"' in archive
    assert "目标线" in archive and "趋势线" in archive
    assert archive.count('class="data-point"') == 6
    assert "monitoring-table" in archive  # the table view of the same points
    assert "2026-11-09" in archive
    # Each probe is an entry of the archive's timeline, and keeps it fresh.
    assert "口算（1 分钟正确题数） 10题" in archive
    assert monitoring_of(cases[0]).case.pk == cases[0].pk
    from archives.models import SupportCase

    fresh = SupportCase.objects.with_last_entry().get(pk=cases[0].pk)
    assert fresh.last_entry_on == WEEKS[-1]
    # The print page carries the chart and its table.
    printed = client.get(reverse("archives:print", args=[cases[0].pk])).content.decode()
    assert 'class="aimline"' in printed and "monitoring-table" in printed


def test_a_bad_value_saves_no_row_and_keeps_the_others(school, login, unchanged):
    cases = five_cases(school)
    for case in cases:
        monitor(case)
    client = login(school.teacher)
    with unchanged(ProbePoint):
        response = post_week(client, school, cases, WEEKS[0], [10, 12, 99, 8, 9])
        assert response.status_code == 200
        body = response.content.decode()
        assert "口算（1 分钟正确题数）的取值为 0 到 60" in body
        assert (
            'value="99"' in response.content.decode() and 'value="12"' in response.content.decode()
        )
        response = post_week(client, school, cases, datetime.date(2026, 12, 31), [1, 2, 3, 4, 5])
        assert response.status_code == 200 and "今天" in response.content.decode()


def test_the_same_submission_twice_saves_once(school, login):
    cases = five_cases(school)
    monitor(cases[0])
    client = login(school.teacher)
    data = {
        "measure": oral_maths().pk,
        "date": "2026-10-05",
        "submission_key": uuid.uuid4().hex,
        f"row-{cases[0].pk}-value": "11",
    }
    client.post(batch_url(school), data)
    client.post(batch_url(school), data)
    assert ProbePoint.objects.count() == 1


def test_low_fidelity_reads_deliver_the_plan_first(school, login):
    case = five_cases(school)[0]
    monitor(case)
    for day in WEEKS:
        ProbePoint.objects.create(
            case=case, measure=oral_maths(), date=day, value=10, author=school.teacher
        )
    client = login(school.teacher)
    response = client.post(
        reverse("archives:case_doses", args=[case.pk]),
        {
            "tutoring-sessions_per_week": "2",
            "tutoring-minutes_per_session": "20",
            "tutoring-since": "2026-10-05",
        },
    )
    assert response.status_code == 302
    # Twice a week from 5 October to 3 December (today): 60 days, 17 sessions; 3 given.
    for day in WEEKS[:3]:
        TutoringSessionFactory(case=case, date=day, author=school.teacher)
    cm = monitoring_of(case)
    assert cm.doses[0].fidelity.planned == 17 and cm.doses[0].fidelity.delivered == 3
    assert cm.verdict.decision == "deliver_first" and cm.verdict.status == "below"
    archive = client.get(reverse("archives:archive", args=[case.pk])).content.decode()
    assert "先落实计划" in archive and "计划 17 次，实际落实 3 次（18%）" in archive
    assert 'class="fidelity-week"' in archive
    # Delivered: the student is judged again.
    for day in [WEEKS[0] + datetime.timedelta(days=d) for d in range(1, 60, 4)]:
        TutoringSessionFactory(case=case, date=day, author=school.teacher)
    assert monitoring_of(case).verdict.decision == "adjust"


def test_a_unit_test_score_lands_on_the_goal_that_measures_it(school):
    case = five_cases(school)[0]
    unit_test = MonitoringMeasure.objects.get(name="单元测验")
    monitor(case, measure=unit_test, goal_value="80")
    evaluation = EvaluationFactory(
        term=school.term,
        school_class=school.class_a,
        subject=school.maths,
        date=datetime.date(2026, 10, 20),
        full_marks=Decimal("50"),
        pass_line=Decimal("30"),
    )
    EvaluationResultFactory(evaluation=evaluation, student=case.student, score=Decimal("30"))
    series = monitoring_of(case).series[0]
    assert [(p.date, p.value) for p in series.points] == [(datetime.date(2026, 10, 20), 60.0)]


def test_a_new_step_starts_a_new_phase_with_its_own_aimline(school):
    case = five_cases(school)[0]
    monitor(case)
    for day, value in zip(WEEKS, [10, 11, 12, 14, 15, 16], strict=True):
        ProbePoint.objects.create(
            case=case, measure=oral_maths(), date=day, value=value, author=school.teacher
        )
    step2 = SupportGoalFactory(case=case, step=2, due_on=datetime.date(2027, 1, 10))
    GoalMonitor.objects.create(
        goal=step2,
        measure=oral_maths(),
        starts_on=WEEKS[3],
        goal_value=25,
        updated_by=school.teacher,
    )
    series = monitoring_of(case).series[0]
    assert [p.step for p in series.phases] == [1, 2]
    assert series.phases[1].baseline.value == 15.0  # median of 14, 15, 16
    assert len(series.phases[0].points) == 3


def test_strangers_get_404(school, login):
    case = five_cases(school)[0]
    m = monitor(case)
    client = login(school.stranger)
    for url in [
        reverse("archives:goal_monitor", args=[m.goal.pk]),
        reverse("archives:probe_add", args=[case.pk]),
        reverse("archives:case_doses", args=[case.pk]),
        batch_url(school),
    ]:
        assert client.get(url).status_code == 404, url


def test_probe_for_one_student(school, login):
    case = five_cases(school)[0]
    monitor(case)
    client = login(school.teacher)
    url = reverse("archives:probe_add", args=[case.pk])
    response = client.post(
        url,
        {
            "measure": oral_maths().pk,
            "date": "2026-11-02",
            "value": "13",
            "note": "进步",
            "submission_key": uuid.uuid4().hex,
        },
    )
    assert response.status_code == 302
    assert ProbePoint.objects.get().value == Decimal("13")


def test_planned_dose_kinds_and_refusals(school, login, unchanged):
    case = five_cases(school)[0]
    client = login(school.teacher)
    url = reverse("archives:case_doses", args=[case.pk])
    with unchanged(PlannedDose):
        response = client.post(url, {"peer-sessions_per_week": "30"})
        assert response.status_code == 200 and 'value="30"' in response.content.decode()
    client.post(url, {"peer-sessions_per_week": "1", "face_to_face-sessions_per_week": "2"})
    assert set(PlannedDose.objects.values_list("kind", flat=True)) == {"peer", "face_to_face"}
    client.post(url, {"peer-sessions_per_week": "1"})
    assert set(PlannedDose.objects.values_list("kind", flat=True)) == {"peer"}


def test_erasing_a_student_clears_probe_notes(school):
    from archives.erasure import erase

    case = five_cases(school)[0]
    ProbePoint.objects.create(
        case=case, measure=oral_maths(), date=WEEKS[0], value=9, note="粗心", author=school.teacher
    )
    erase(case.student)
    probe = ProbePoint.objects.get()
    assert probe.note == "" and probe.value == 9
    assert not probe.history.exclude(note="").exists()


def test_a_probe_is_corrected_with_history_and_withdrawn_softly(school, login, unchanged):
    case = five_cases(school)[0]
    monitor(case)
    probe = ProbePoint.objects.create(
        case=case, measure=oral_maths(), date=WEEKS[0], value=9, author=school.teacher
    )
    client = login(school.teacher)
    edit = reverse("archives:probe_edit", args=[probe.pk])
    with unchanged(ProbePoint):
        response = client.post(edit, {"date": "2026-10-05", "value": "61", "note": ""})
        assert response.status_code == 200 and "0 到 60" in response.content.decode()
    assert (
        client.post(edit, {"date": "2026-10-05", "value": "12", "note": "重测"}).status_code == 302
    )
    probe.refresh_from_db()
    assert probe.value == 12 and probe.corrected_at is not None
    assert [h.value for h in probe.history.order_by("history_date")] == [9, 12]
    history = client.get(reverse("archives:probe_history", args=[probe.pk])).content.decode()
    assert "重测" in history
    client.post(reverse("archives:probe_delete", args=[probe.pk]))
    assert monitoring_of(case).series[0].points == []
    client.post(reverse("archives:probe_restore", args=[probe.pk]))
    assert len(monitoring_of(case).series[0].points) == 1
    assert login(school.stranger).get(edit).status_code == 404


def test_seeded_measures_read_in_the_readers_language_until_the_school_renames_them(school, login):
    cases = five_cases(school)[:1]
    monitor(cases[0])
    client = login(school.teacher)
    for day in WEEKS[:2]:
        post_week(client, school, cases, day, [10])
    url = reverse("archives:archive", args=[cases[0].pk])
    chinese = client.get(url).content.decode()
    assert "口算（1 分钟正确题数）" in chinese and "口算（1 分钟正确题数） 10题" in chinese
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "Mental arithmetic (correct answers in 1 minute)" in english
    assert "Mental arithmetic (correct answers in 1 minute) 10 items" in english
    assert "口算" not in english and "10题" not in english
    # A measure the school renamed is its own text, in every language.
    MonitoringMeasure.objects.filter(pk=oral_maths().pk).update(name="口算（2 分钟）")
    assert "口算（2 分钟）" in client.get(url).content.decode()
