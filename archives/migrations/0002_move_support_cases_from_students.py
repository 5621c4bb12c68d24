"""Support cases move here from the students app without moving a row.

The models take over the existing ``students_*`` tables (``db_table``) in state only;
in the database only the one table whose name django-simple-history derives from
the app (the history of responsible teachers) is renamed. Content types follow, so
admin log entries and permissions keep pointing at the same models."""

import django.db.models.deletion
import school.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED = [
    "supportcase",
    "historicalsupportcase",
    "historicalsupportcase_responsible_teachers",
    "caseevidence",
    "historicalcaseevidence",
    "casestatuschange",
    "supportmeasure",
    "casemeasure",
    "historicalcasemeasure",
    "supportgoal",
    "historicalsupportgoal",
]
OLD_M2M_HISTORY = "students_historicalsupportcase_responsible_teachers"
NEW_M2M_HISTORY = "archives_historicalsupportcase_responsible_teachers"


def rename_history_m2m_table(apps, schema_editor):
    model = apps.get_model("archives", "HistoricalSupportCase_responsible_teachers")
    schema_editor.alter_db_table(model, OLD_M2M_HISTORY, NEW_M2M_HISTORY)


def unrename_history_m2m_table(apps, schema_editor):
    model = apps.get_model("archives", "HistoricalSupportCase_responsible_teachers")
    schema_editor.alter_db_table(model, NEW_M2M_HISTORY, OLD_M2M_HISTORY)


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        # A content type already made under the new label (post_migrate) gives way.
        if ContentType.objects.filter(app_label=old, model=model).exists():
            ContentType.objects.filter(app_label=new, model=model).delete()
        ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def move_content_types(apps, schema_editor):
    _relabel(apps, "students", "archives")


def unmove_content_types(apps, schema_editor):
    _relabel(apps, "archives", "students")





class Migration(migrations.Migration):

    dependencies = [
        ('archives', '0001_initial'),
        ('school', '0001_initial'),
        ('students', '0006_alter_historicalstudent_name_alter_student_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SupportMeasure',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=60, unique=True, verbose_name='measure')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('is_active', models.BooleanField(default=True, verbose_name='in use')),
                    ],
                    options={
                        'verbose_name': 'support measure',
                        'verbose_name_plural': 'support measures',
                        'db_table': 'students_supportmeasure',
                        'ordering': ['order', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalSupportCase',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('status', models.CharField(choices=[('identified', 'Identified'), ('in_support', 'In support'), ('improved', 'Improved'), ('closed', 'Closed')], default='identified', max_length=20, verbose_name='status')),
                        ('identified_on', models.DateField(default=school.models.today, verbose_name='identified on')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                        ('cause_weak_foundation', models.BooleanField(default=True, verbose_name='weak foundation')),
                        ('cause_attitude', models.BooleanField(default=False, verbose_name='attitude problem')),
                        ('difficulty_type', models.CharField(blank=True, choices=[('weak_foundation', 'Weak foundation'), ('lost_interest', 'Lost interest'), ('psychological_pressure', 'Psychological pressure'), ('poor_study_method', 'Poor study method')], default='', max_length=30, verbose_name='type')),
                        ('root_cause', models.TextField(blank=True, max_length=2000, verbose_name='root cause')),
                        ('how_it_shows', models.TextField(blank=True, max_length=2000, verbose_name='how the difficulty shows')),
                        ('closure_reason', models.CharField(blank=True, choices=[('transferred_out', 'Transferred out'), ('graduated', 'Graduated'), ('other', 'Other')], max_length=20, verbose_name='reason for closing')),
                        ('status_changed_on', models.DateField(default=school.models.today, verbose_name='status changed on')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('identified_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='identified by')),
                        ('student', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='students.student', verbose_name='student')),
                        ('subject', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='school.subject', verbose_name='subject')),
                        ('term', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='school.term', verbose_name='term')),
                    ],
                    options={
                        'verbose_name': 'historical support case',
                        'verbose_name_plural': 'historical support cases',
                        'db_table': 'students_historicalsupportcase',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='SupportCase',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('identified', 'Identified'), ('in_support', 'In support'), ('improved', 'Improved'), ('closed', 'Closed')], default='identified', max_length=20, verbose_name='status')),
                        ('identified_on', models.DateField(default=school.models.today, verbose_name='identified on')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('cause_weak_foundation', models.BooleanField(default=True, verbose_name='weak foundation')),
                        ('cause_attitude', models.BooleanField(default=False, verbose_name='attitude problem')),
                        ('difficulty_type', models.CharField(blank=True, choices=[('weak_foundation', 'Weak foundation'), ('lost_interest', 'Lost interest'), ('psychological_pressure', 'Psychological pressure'), ('poor_study_method', 'Poor study method')], default='', max_length=30, verbose_name='type')),
                        ('root_cause', models.TextField(blank=True, max_length=2000, verbose_name='root cause')),
                        ('how_it_shows', models.TextField(blank=True, max_length=2000, verbose_name='how the difficulty shows')),
                        ('closure_reason', models.CharField(blank=True, choices=[('transferred_out', 'Transferred out'), ('graduated', 'Graduated'), ('other', 'Other')], max_length=20, verbose_name='reason for closing')),
                        ('status_changed_on', models.DateField(default=school.models.today, verbose_name='status changed on')),
                        ('carried_from', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='carried_to', to='archives.supportcase', verbose_name='carried over from')),
                        ('identified_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='identified_cases', to=settings.AUTH_USER_MODEL, verbose_name='identified by')),
                        ('responsible_teachers', models.ManyToManyField(blank=True, db_table='students_supportcase_responsible_teachers', related_name='responsible_cases', to=settings.AUTH_USER_MODEL, verbose_name='responsible teachers')),
                        ('student', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cases', to='students.student', verbose_name='student')),
                        ('subject', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='school.subject', verbose_name='subject')),
                        ('term', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='school.term', verbose_name='term')),
                    ],
                    options={
                        'verbose_name': 'support case',
                        'verbose_name_plural': 'support cases',
                        'db_table': 'students_supportcase',
                        'ordering': ['student__school_class__grade__level', 'student__student_number', 'subject__order'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalSupportGoal',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('step', models.PositiveSmallIntegerField(verbose_name='step')),
                        ('description', models.CharField(max_length=300, verbose_name='description')),
                        ('target', models.CharField(blank=True, max_length=300, verbose_name='target')),
                        ('due_on', models.DateField(blank=True, null=True, verbose_name='due date')),
                        ('outcome', models.CharField(blank=True, choices=[('', 'Pending'), ('met', 'Met'), ('partly', 'Partly met'), ('not_met', 'Not met')], default='', max_length=10, verbose_name='outcome')),
                        ('outcome_note', models.CharField(blank=True, max_length=300, verbose_name='outcome note')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='archives.supportcase', verbose_name='case')),
                    ],
                    options={
                        'verbose_name': 'historical staged goal',
                        'verbose_name_plural': 'historical staged goals',
                        'db_table': 'students_historicalsupportgoal',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalSupportCase_responsible_teachers',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='archives.historicalsupportcase')),
                        ('user', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('supportcase', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='archives.supportcase')),
                    ],
                    options={
                        'verbose_name': 'HistoricalSupportCase_responsible_teachers',
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddField(
                    model_name='historicalsupportcase',
                    name='carried_from',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='archives.supportcase', verbose_name='carried over from'),
                ),
                migrations.CreateModel(
                    name='HistoricalCaseEvidence',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('source', models.CharField(choices=[('green_report', 'Green-indicator assessment report'), ('test_results', 'Test results'), ('observation', 'Daily observation'), ('other', 'Other')], max_length=20, verbose_name='source')),
                        ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                        ('score', models.CharField(blank=True, max_length=30, verbose_name='score or level')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='archives.supportcase', verbose_name='case')),
                    ],
                    options={
                        'verbose_name': 'historical evidence',
                        'verbose_name_plural': 'historical evidence',
                        'db_table': 'students_historicalcaseevidence',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='CaseStatusChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_status', models.CharField(blank=True, choices=[('identified', 'Identified'), ('in_support', 'In support'), ('improved', 'Improved'), ('closed', 'Closed')], max_length=20, verbose_name='status before')),
                        ('to_status', models.CharField(choices=[('identified', 'Identified'), ('in_support', 'In support'), ('improved', 'Improved'), ('closed', 'Closed')], max_length=20, verbose_name='status after')),
                        ('changed_on', models.DateField(default=school.models.today, verbose_name='date')),
                        ('reason', models.CharField(blank=True, max_length=300, verbose_name='reason')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('changed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='archives.supportcase', verbose_name='case')),
                    ],
                    options={
                        'verbose_name': 'status change',
                        'verbose_name_plural': 'status changes',
                        'db_table': 'students_casestatuschange',
                        'ordering': ['case', 'changed_on', 'created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='CaseEvidence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.CharField(choices=[('green_report', 'Green-indicator assessment report'), ('test_results', 'Test results'), ('observation', 'Daily observation'), ('other', 'Other')], max_length=20, verbose_name='source')),
                        ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                        ('score', models.CharField(blank=True, max_length=30, verbose_name='score or level')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='archives.supportcase', verbose_name='case')),
                    ],
                    options={
                        'verbose_name': 'evidence',
                        'verbose_name_plural': 'evidence',
                        'db_table': 'students_caseevidence',
                        'ordering': ['case', 'source'],
                    },
                ),
                migrations.AlterField(
                    model_name='archivesummary',
                    name='case',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='summaries', to='archives.supportcase', verbose_name='case'),
                ),
                migrations.AlterField(
                    model_name='casediscussion',
                    name='case',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='discussions', to='archives.supportcase', verbose_name='case'),
                ),
                migrations.AlterField(
                    model_name='historicalarchivesummary',
                    name='case',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='archives.supportcase', verbose_name='case'),
                ),
                migrations.AlterField(
                    model_name='historicalcasediscussion',
                    name='case',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='archives.supportcase', verbose_name='case'),
                ),
                migrations.AlterField(
                    model_name='historicalobservation',
                    name='case',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='archives.supportcase', verbose_name='case'),
                ),
                migrations.AlterField(
                    model_name='historicaltutoringsession',
                    name='case',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='archives.supportcase', verbose_name='case'),
                ),
                migrations.AlterField(
                    model_name='observation',
                    name='case',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='observations', to='archives.supportcase', verbose_name='case'),
                ),
                migrations.AlterField(
                    model_name='tutoringsession',
                    name='case',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tutoring_sessions', to='archives.supportcase', verbose_name='case'),
                ),
                migrations.CreateModel(
                    name='SupportGoal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('step', models.PositiveSmallIntegerField(verbose_name='step')),
                        ('description', models.CharField(max_length=300, verbose_name='description')),
                        ('target', models.CharField(blank=True, max_length=300, verbose_name='target')),
                        ('due_on', models.DateField(blank=True, null=True, verbose_name='due date')),
                        ('outcome', models.CharField(blank=True, choices=[('', 'Pending'), ('met', 'Met'), ('partly', 'Partly met'), ('not_met', 'Not met')], default='', max_length=10, verbose_name='outcome')),
                        ('outcome_note', models.CharField(blank=True, max_length=300, verbose_name='outcome note')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='goals', to='archives.supportcase', verbose_name='case')),
                    ],
                    options={
                        'verbose_name': 'staged goal',
                        'verbose_name_plural': 'staged goals',
                        'db_table': 'students_supportgoal',
                        'ordering': ['case', 'step'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalCaseMeasure',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('since', models.DateField(default=school.models.today, verbose_name='since')),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='archives.supportcase', verbose_name='case')),
                        ('measure', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='archives.supportmeasure', verbose_name='measure')),
                    ],
                    options={
                        'verbose_name': 'historical case measure',
                        'verbose_name_plural': 'historical case measures',
                        'db_table': 'students_historicalcasemeasure',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='CaseMeasure',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('since', models.DateField(default=school.models.today, verbose_name='since')),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='measures', to='archives.supportcase', verbose_name='case')),
                        ('measure', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='archives.supportmeasure', verbose_name='measure')),
                    ],
                    options={
                        'verbose_name': 'case measure',
                        'verbose_name_plural': 'case measures',
                        'db_table': 'students_casemeasure',
                        'ordering': ['case', 'measure__order'],
                    },
                ),
                migrations.AddIndex(
                    model_name='supportcase',
                    index=models.Index(fields=['term', 'status'], name='students_su_term_id_66850e_idx'),
                ),
                migrations.AddConstraint(
                    model_name='supportcase',
                    constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['identified', 'in_support'])), fields=('student', 'subject', 'term'), name='one_open_case_per_student_subject_term', violation_error_message='This student already has an open case in this subject for this term.'),
                ),
                migrations.AddConstraint(
                    model_name='supportcase',
                    constraint=models.CheckConstraint(condition=models.Q(('cause_weak_foundation', True), ('cause_attitude', True), _connector='OR'), name='case_has_a_primary_cause', violation_error_message='Choose at least one primary cause: weak foundation or attitude problem.'),
                ),
                migrations.AddConstraint(
                    model_name='supportcase',
                    constraint=models.CheckConstraint(condition=models.Q(('status', 'closed'), ('closure_reason', ''), _connector='OR'), name='closure_reason_only_when_closed', violation_error_message='Only a closed case has a reason for closing.'),
                ),
                migrations.AddConstraint(
                    model_name='caseevidence',
                    constraint=models.UniqueConstraint(fields=('case', 'source'), name='one_evidence_per_source'),
                ),
                migrations.AddConstraint(
                    model_name='supportgoal',
                    constraint=models.UniqueConstraint(fields=('case', 'step'), name='one_goal_per_step'),
                ),
                migrations.AddConstraint(
                    model_name='supportgoal',
                    constraint=models.CheckConstraint(condition=models.Q(('step__gte', 1)), name='goal_step_from_1'),
                ),
                migrations.AddConstraint(
                    model_name='casemeasure',
                    constraint=models.UniqueConstraint(fields=('case', 'measure'), name='one_row_per_case_measure'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_history_m2m_table, unrename_history_m2m_table, elidable=False),
        migrations.RunPython(move_content_types, unmove_content_types, elidable=False),
    ]
