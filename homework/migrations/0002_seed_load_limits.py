"""The policy's daily written-homework limits (教育部 2021): administrators may change them."""

from django.db import migrations

POLICY = [
    ("lower", 0, "一、二年级不布置家庭书面作业"),
    ("upper", 60, "三至六年级书面作业平均完成时间不超过60分钟"),
    ("junior", 90, "初中书面作业平均完成时间不超过90分钟"),
]


def seed(apps, schema_editor):
    LoadLimit = apps.get_model("homework", "LoadLimit")
    for band, minutes, note in POLICY:
        LoadLimit.objects.get_or_create(band=band, defaults={"minutes": minutes, "note": note})


class Migration(migrations.Migration):
    dependencies = [("homework", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
