"""Moving the support case from students into archives loses no row.

The data is written at today's migrations, the database is taken back to before
the move (archives 0001, students 0006) and forward again; every table keeps its
row count, and the cases read back through the moved models.
"""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from archives import case_services
from archives.models import Observation, SupportCase, SupportMeasure
from tests.factories.students import case_a

BEFORE_MOVE = [
    ("archives", "0001_initial"),
    ("students", "0006_alter_historicalstudent_name_alter_student_name"),
]
# The only table renamed by the move: its name comes from the app label.
RENAMED = {
    "students_historicalsupportcase_responsible_teachers": (
        "archives_historicalsupportcase_responsible_teachers"
    ),
}


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table == "django_migrations":
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[RENAMED.get(table, table)] = cursor.fetchone()[0]
    return counts


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def fill(school) -> None:
    # An earlier transactional test may have flushed the measures the migrations seed.
    for name in ("分层作业", "结对帮扶"):
        SupportMeasure.objects.get_or_create(name=name)
    # ...and the library's data migration, which runs again on the way forward.
    import_module("archives.migrations.0009_strategy_library").load_library(django_apps, None)
    case = case_a(school)
    case_services.save_plan(
        case=case,
        by=school.teacher,
        goals=[{"description": "降低目标"}, {"description": "提升目标"}],
        measures=SupportMeasure.objects.all()[:2],
        responsible_teachers=[school.teacher, school.head],
    )
    case_services.update_cause_analysis(
        case=case,
        by=school.teacher,
        causes=[SupportCase.Cause.ATTITUDE],
        difficulty_type=SupportCase.Type.LOST_INTEREST,
        root_cause="基础薄弱",
        how_it_shows="作业拖拉",
        evidence={"test_results": ("单元测试", "55")},
    )
    Observation.objects.create(
        case=case, kind=Observation.Kind.CLASSROOM, rating=3, author=school.teacher
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_moving_the_case_models_keeps_every_row(school):
    fill(school)
    at_latest = row_counts()
    assert at_latest["students_supportcase"] == 1
    assert at_latest["archives_historicalsupportcase_responsible_teachers"] > 0
    assert at_latest["students_casemeasure"] == 2
    leaves = latest()

    migrate(BEFORE_MOVE)
    before_move = row_counts()
    migrate(leaves)
    # Tables a later migration creates (the access log, quick phrases, photos, …) are
    # absent before the move: the rows that count are those of the tables it moved.
    after_move = {t: n for t, n in row_counts().items() if t in before_move}

    assert before_move == {t: n for t, n in at_latest.items() if t in before_move}
    assert {"students_supportcase", "students_caseevidence"} <= set(before_move)
    assert after_move == before_move
    case = SupportCase.objects.get()
    assert [g.description for g in case.goals.all()] == ["降低目标", "提升目标"]
    assert set(case.responsible_teachers.all()) == {school.teacher, school.head}
    assert case.history.count() == at_latest["students_historicalsupportcase"]
    assert case.observations.count() == 1
    assert ContentType.objects.get_for_model(SupportCase).app_label == "archives"
    assert not ContentType.objects.filter(app_label="students", model="supportcase").exists()
