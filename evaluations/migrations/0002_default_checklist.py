"""The school's default routine-inspection checklist (常规检查), editable afterwards."""

from django.db import migrations

# The school's data, in the school's language: each school edits its own list.
DEFAULT_ITEMS = [
    ("lesson_preparation", "备课", "教案齐全，分层设计教学目标，关注学困生。", 2),
    ("homework_setting", "作业布置", "分层作业、绿色作业、实践性作业；控制作业总量。", 2),
    (
        "homework_marking",
        "作业批改",
        "有发必收、有收必批、有批必评、有错必纠；面批与个性化评语。",
        3,
    ),
    ("homework_records", "作业记录与分析", "批改记录完整，分析共性错误并跟进。", 1),
    (
        "archives",
        "学困生档案与帮扶计划",
        "学困生进步档案及时记录；本学期帮扶计划及阶段目标。",
        2,
    ),
]


def seed(apps, schema_editor):
    try:
        ChecklistItem = apps.get_model("evaluations", "ChecklistItem")
    except LookupError:
        # The model moved to inspections (inspections 0001); seed_demo re-runs this
        # function with the live registry.
        ChecklistItem = apps.get_model("inspections", "ChecklistItem")
    if ChecklistItem.objects.exists():
        return
    ChecklistItem.objects.bulk_create(
        ChecklistItem(area=area, name=name, description=description, weight=weight, order=order)
        for order, (area, name, description, weight) in enumerate(DEFAULT_ITEMS, start=1)
    )
    EvaluationSettings = apps.get_model("evaluations", "EvaluationSettings")
    EvaluationSettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
