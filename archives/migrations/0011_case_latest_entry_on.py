"""Each case keeps the newest date of its live entries (the stale counts read a column)."""

from django.db import migrations, models

ENTRY_MODELS = ("Observation", "TutoringSession", "CaseDiscussion", "ArchiveSummary", "ProbePoint")


def fill(apps, schema_editor):
    qn = schema_editor.connection.ops.quote_name
    table = qn(apps.get_model("archives", "SupportCase")._meta.db_table)
    branches = " UNION ALL ".join(
        f"SELECT MAX({qn('date')}) AS d FROM {qn(apps.get_model('archives', m)._meta.db_table)} "
        f"WHERE {qn('case_id')} = {table}.{qn('id')} AND {qn('deleted_at')} IS NULL"
        for m in ENTRY_MODELS
    )
    schema_editor.execute(
        f"UPDATE {table} SET {qn('latest_entry_on')} = (SELECT MAX(d) FROM ({branches}) AS e)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("archives", "0010_progress_monitoring"),
    ]

    operations = [
        migrations.AddField(
            model_name="supportcase",
            name="latest_entry_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="latest entry on"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
