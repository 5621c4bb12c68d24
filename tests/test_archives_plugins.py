"""What the archives give other apps: reminders, inspection evidence, dashboard panels."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from archives import evidence, reminders_due

from .factories.archives import ObservationFactory
from .factories.students import SupportCaseFactory, SupportGoalFactory, case_a

pytestmark = pytest.mark.django_db


def test_stale_archives_remind_their_responsible_teachers_once_a_week(school, settings):
    settings.ARCHIVE_STALE_DAYS = 14
    case = case_a(school)
    case.responsible_teachers.set([school.teacher, school.head])
    ObservationFactory(case=case, author=school.teacher, date=datetime.date(2026, 10, 1))
    assert list(reminders_due.due(today=datetime.date(2026, 10, 10))) == []
    monday = list(reminders_due.due(today=datetime.date(2026, 10, 19)))
    wednesday = list(reminders_due.due(today=datetime.date(2026, 10, 21)))
    assert {r.user_id for r in monday} == {school.teacher.pk, school.head.pk}
    assert {r.kind for r in monday} == {"archive_stale"}
    assert {r.key for r in monday} == {r.key for r in wednesday}
    next_week = list(reminders_due.due(today=datetime.date(2026, 10, 26)))
    assert {r.key for r in next_week}.isdisjoint({r.key for r in monday})
    assert monday[0].url == reverse("archives:archive", args=[case.pk])


def test_closed_cases_are_never_stale(school):
    case = case_a(school)
    case.status = "improved"
    case.save()
    assert list(reminders_due.due(today=datetime.date(2026, 12, 20))) == []


def test_evidence_for_an_inspection(school, settings):
    settings.ARCHIVE_STALE_DAYS = 14
    case = case_a(school)
    SupportGoalFactory(case=case, step=1)
    SupportCaseFactory(
        student=school.student_a2, subject=school.maths, identified_by=school.teacher
    )
    for day in (3, 10, 17):
        ObservationFactory(case=case, author=school.teacher, date=datetime.date(2026, 10, day))
    with translation.override("en"):
        figures = {
            e.label: e
            for e in evidence.evidence(
                teacher=school.teacher,
                term=school.term,
                start=datetime.date(2026, 10, 1),
                end=datetime.date(2026, 10, 31),
            )
        }
    values = {str(k): v.value for k, v in figures.items()}
    assert values == {
        "Struggling students": 2,
        "Cases with a support plan": 1,  # of 2 (the figure's numerator)
        "Archive entries in the period": 3,
        # 3 entries, 2 cases, 31 days (2.2 fortnights)
        "Archive entries per case per fortnight": 0.7,
        "Summaries in the period": 0,
        "Staged goals with an outcome": 0,
        # 张小明's last entry is exactly 14 days before the end; 刘小红's archive is empty.
        "Stale archives": 1,
        # Neither case is monitored or has a planned dose (each a rate of 0/…).
        "Cases with a monitoring goal": 0,
        "Monitored cases on track (continue, or consider raising the goal)": 0,
        "Average fidelity (sessions delivered ÷ planned, 0 cases)": 0,
        "Cases below the 80% fidelity bar": 0,
    }
    assert [e.label for e in figures.values() if e.warning] == ["Stale archives"]


def test_dashboard_shows_my_struggling_students_and_stale_archives(school, login, settings):
    settings.ARCHIVE_STALE_DAYS = 14
    case_a(school)
    body = login(school.teacher).get(reverse("dashboard")).content.decode()
    assert 'id="panel-my-cases"' in body and 'id="panel-stale"' in body
    assert "张小明" in body
    assert (
        'id="panel-my-cases"' not in login(school.nobody).get(reverse("dashboard")).content.decode()
    )


def test_nav_offers_my_struggling_students_to_teachers(school, login):
    body = login(school.teacher).get(reverse("dashboard")).content.decode()
    assert reverse("archives:case_list") in body
    body = login(school.nobody).get(reverse("dashboard")).content.decode()
    assert reverse("archives:case_list") not in body
