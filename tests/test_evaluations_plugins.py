"""The plug-ins: timeline entries, due reminders, settings links, nav, the demo."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from evaluations import timeline
from evaluations.models import Evaluation, Gap
from school.scoping import Scope

from .factories.evaluations import EvaluationFactory, EvaluationResultFactory


def test_timeline_entries_carry_the_score_percent_and_gaps(school):
    e = EvaluationFactory(
        term=school.term,
        school_class=school.class_a,
        subject=school.maths,
        full_marks=Decimal(50),
        pass_line=Decimal(30),
        name="第三单元",
    )
    r = EvaluationResultFactory(evaluation=e, student=school.student_a, score=Decimal(20))
    Gap.objects.create(result=r, knowledge_point="估算", due=datetime.date(2026, 10, 20))
    Gap.objects.create(
        result=r,
        knowledge_point="竖式",
        due=datetime.date(2026, 10, 20),
        done=True,
        done_on=datetime.date(2026, 10, 18),
    )
    lv = EvaluationFactory(
        term=school.term,
        school_class=school.class_a,
        subject=school.maths,
        scale="level",
        full_marks=None,
        pass_line=None,
    )
    EvaluationResultFactory(evaluation=lv, student=school.student_a, score=None, level="B")
    scope = Scope.for_user(school.teacher)
    entries = timeline.entries(
        scope=scope, student=school.student_a, subject=school.maths, term=school.term
    )
    by_kind = {x.score_percent: x for x in entries}
    assert set(by_kind) == {40.0, 82.0}
    entry = by_kind[40.0]
    assert entry.kind == "evaluation" and "第三单元" in entry.title
    assert "估算" in entry.body and "竖式" in entry.body
    assert entry.url == reverse("evaluations:detail", args=[e.pk])
    # outside the scope: nothing
    stranger = Scope.for_user(school.stranger)
    assert timeline.entries(scope=stranger, student=school.student_a, subject=None, term=None) == []


@pytest.mark.parametrize("n", [3, 30])
def test_timeline_runs_a_constant_number_of_queries(school, django_assert_num_queries, n):
    for _i in range(n):
        e = EvaluationFactory(term=school.term, school_class=school.class_a, subject=school.maths)
        r = EvaluationResultFactory(evaluation=e, student=school.student_a, score=40)
        Gap.objects.create(result=r, knowledge_point="估算", due=datetime.date(2026, 10, 20))
    scope = Scope.for_user(school.teacher)
    with django_assert_num_queries(2):
        entries = timeline.entries(
            scope=scope, student=school.student_a, subject=school.maths, term=school.term
        )
    assert len(entries) == n


def test_demo_is_idempotent_and_gives_the_warnings_content(db):
    call_command("seed_demo", "--quiet-logins", stdout=open("/dev/null", "w"))
    counts = (Evaluation.objects.count(), Gap.objects.count())
    call_command("seed_demo", "--quiet-logins", stdout=open("/dev/null", "w"))
    assert (Evaluation.objects.count(), Gap.objects.count()) == counts
    assert Evaluation.objects.filter(subject__code="maths", school_class__grade__level=3).exists()
    assert Evaluation.objects.filter(subject__code="chinese", school_class__grade__level=3).exists()

    from evaluations.warnings import suggestions
    from school.models import User

    scope = Scope.for_user(User.objects.get(username="teacher"))
    assert suggestions(scope=scope, term=scope.term)


def test_dashboard_panel_counts_suggestions(school, login):
    from .factories.evaluations import EvaluationFactory, EvaluationResultFactory

    for day in (5, 12):
        e = EvaluationFactory(
            term=school.term,
            school_class=school.class_a,
            subject=school.maths,
            date=datetime.date(2026, 9, day),
        )
        EvaluationResultFactory(evaluation=e, student=school.student_a, score=40)
    response = login(school.teacher).get(reverse("dashboard"))
    panel = next(p for p in response.context["panels"] if p.template.startswith("evaluations/"))
    assert panel.context["suggestions"] == 1
    assert "panel-evaluations" in response.content.decode()
