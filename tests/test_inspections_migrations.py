"""The move of the inspections out of evaluations keeps every row, both ways."""

from __future__ import annotations

from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from evaluations.models import EvaluationSettings
from inspections import services
from inspections.models import (
    ChecklistItem,
    InspectionResult,
    InspectionRound,
    InspectionSettings,
    ItemScore,
)

from .factories.school import UserFactory

BEFORE_MOVE = [("evaluations", "0002_default_checklist"), ("inspections", None)]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table in ("inspections_inspectionsettings", "django_migrations"):
                continue  # made by the move itself; the scale is checked on its own
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def _scale_in_evaluations() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT inspection_max_score FROM evaluations_evaluationsettings")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_moving_back_and_forth_keeps_every_row_and_the_scale(school):
    inspector = UserFactory(username="backbone")
    scale = InspectionSettings.load()
    scale.max_score = 7
    services.save_settings(settings=scale)
    # An earlier transactional test may have flushed the rows the migrations seed.
    EvaluationSettings.load()
    ContentType.objects.get_for_model(InspectionRound)
    if not ChecklistItem.objects.exists():
        ChecklistItem.objects.create(name="备课")
    # The family item's data migration runs again on the way forward: have it already.
    import_module("inspections.migrations.0003_suggested_scores_thresholds").add_family_item(
        django_apps, None
    )
    r = services.create_round(
        term=school.term,
        kind="midterm",
        subject=school.chinese,
        due=school.term.midterm_review,
        inspectors=[inspector],
        teachers=[school.head],
        user=school.director,
    )
    services.save_inspection(
        inspection_round=r,
        teacher=school.head,
        inspector=inspector,
        scores={i.pk: (Decimal(6), "") for i in r.items.all()},
    )
    before = _row_counts()
    assert before["evaluations_itemscore"] > 0 and before["evaluations_historicalitemscore"] > 0

    _migrate(BEFORE_MOVE)
    # Who inspects whom came after the move; going back drops it, coming back rebuilds it.
    # Who inspects whom, the thresholds and the rule histories came after the move.
    later = {
        "inspections_roundassignment",
        "inspections_scorethreshold",
        "inspections_historicalscorethreshold",
        "inspections_historicalchecklistitem",
        "inspections_historicalinspectionsettings",
        "evaluations_historicalevaluationsettings",
        "inspections_followupitem",
        "inspections_historicalfollowupitem",
        "inspections_selfcheckscore",
    }
    assert _row_counts() == {k: v for k, v in before.items() if k not in later}
    assert _scale_in_evaluations() == 7
    with connection.cursor() as cursor:
        cursor.execute("SELECT app_label FROM django_content_type WHERE model = 'inspectionround'")
        assert cursor.fetchall() == [("evaluations",)]

    _migrate(_latest())
    # The rule histories begin again when their tables come back; every other row is kept.
    fresh = {
        "inspections_historicalinspectionsettings",
        "inspections_historicalchecklistitem",
        "evaluations_historicalevaluationsettings",
    }
    assert {k: v for k, v in _row_counts().items() if k not in fresh} == {
        k: v for k, v in before.items() if k not in fresh
    }
    assert InspectionSettings.load().max_score == 7
    assert InspectionResult.objects.get().scores.count() == ItemScore.objects.count()
    assert InspectionResult.history.count() == 1
    # The result keeps its inspector, who is now the teacher's assigned inspector.
    result = InspectionResult.objects.get()
    assert (result.teacher, result.inspector) == (school.head, inspector)
    assert [(a.teacher, a.inspector) for a in r.assignments.all()] == [(school.head, inspector)]
    assert ContentType.objects.get_for_model(InspectionRound).app_label == "inspections"
    assert not ContentType.objects.filter(app_label="evaluations", model="inspectionround")
