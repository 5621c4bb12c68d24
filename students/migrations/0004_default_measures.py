from django.db import migrations

# The measures seeds 000 and 003 name; the school edits the list afterwards.
DEFAULT_MEASURES = [
    "一对一辅导",
    "分层作业",
    "同伴互助",
    "课后答疑",
    "家校合作",
    "面批面改",
    "个性化评语",
    "课后服务辅导组",
]


def add_measures(apps, schema_editor):
    SupportMeasure = apps.get_model("students", "SupportMeasure")
    for order, name in enumerate(DEFAULT_MEASURES):
        SupportMeasure.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("students", "0003_caseevidence_casemeasure_casestatuschange_and_more")]

    operations = [migrations.RunPython(add_measures, migrations.RunPython.noop)]
