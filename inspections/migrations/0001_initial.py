"""Teacher inspections move from evaluations: same tables, new owner; the scale gets its
own settings row."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MOVED = [
    "checklistitem",
    "inspectionround",
    "rounditem",
    "inspectionresult",
    "itemscore",
    "historicalinspectionround",
    "historicalinspectionresult",
    "historicalitemscore",
]


def copy_scale(apps, schema_editor):
    """The scoring scale leaves EvaluationSettings for InspectionSettings (one row, pk 1)."""
    EvaluationSettings = apps.get_model("evaluations", "EvaluationSettings")
    InspectionSettings = apps.get_model("inspections", "InspectionSettings")
    old = EvaluationSettings.objects.filter(pk=1).first()
    if old is not None:
        InspectionSettings.objects.update_or_create(
            pk=1, defaults={"max_score": old.inspection_max_score}
        )


def copy_scale_back(apps, schema_editor):
    EvaluationSettings = apps.get_model("evaluations", "EvaluationSettings")
    InspectionSettings = apps.get_model("inspections", "InspectionSettings")
    new = InspectionSettings.objects.filter(pk=1).first()
    if new is not None:
        EvaluationSettings.objects.filter(pk=1).update(inspection_max_score=new.max_score)


def _relabel(apps, old: str, new: str) -> None:
    """Content types (and so permissions and admin log entries) follow the models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if ContentType.objects.filter(app_label=old, model=model).exists():
            # A type made for the new label before this ran would block the rename; it has
            # nothing pointing at it yet.
            ContentType.objects.filter(app_label=new, model=model).delete()
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def move_content_types(apps, schema_editor):
    _relabel(apps, "evaluations", "inspections")


def move_content_types_back(apps, schema_editor):
    _relabel(apps, "inspections", "evaluations")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('evaluations', '0002_default_checklist'),
        ('school', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay where they are (evaluations_*): only Django's idea of
        # which app owns the models changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='ChecklistItem',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('area', models.CharField(choices=[('lesson_preparation', 'Lesson preparation'), ('homework_setting', 'Homework setting'), ('homework_marking', 'Homework marking'), ('homework_records', 'Homework records and analysis'), ('archives', 'Struggling-student archives and support plans'), ('evaluations', 'Evaluations and gap remediation'), ('family', 'Family contacts'), ('other', 'Other')], default='other', max_length=20, verbose_name='area')),
                    ('name', models.CharField(max_length=80, verbose_name='item')),
                    ('description', models.CharField(blank=True, max_length=300, verbose_name='what is checked')),
                    ('weight', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='weight')),
                    ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                    ('is_active', models.BooleanField(default=True, verbose_name='in use')),
                ],
                options={
                    'verbose_name': 'checklist item',
                    'verbose_name_plural': 'checklist items',
                    'db_table': 'evaluations_checklistitem',
                    'ordering': ['order', 'pk'],
                    'constraints': [models.CheckConstraint(condition=models.Q(('weight__gte', 1)), name='checklist_weight_positive')],
                },
            ),
            migrations.CreateModel(
                name='HistoricalInspectionRound',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('midterm', 'Mid-term inspection'), ('final', 'End-of-term inspection')], max_length=10, verbose_name='kind')),
                    ('due', models.DateField(verbose_name='due date')),
                    ('max_score', models.PositiveSmallIntegerField(default=10, verbose_name='highest score per item')),
                    ('status', models.CharField(choices=[('open', 'In progress'), ('finalized', 'Finalized')], default='open', max_length=10, verbose_name='status')),
                    ('finalized_at', models.DateTimeField(blank=True, null=True, verbose_name='finalized at')),
                    ('review_note', models.TextField(blank=True, verbose_name="director's review")),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                    ('finalized_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='finalized by')),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('subject', models.ForeignKey(blank=True, db_constraint=False, help_text='Empty for a whole-school round.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='school.subject', verbose_name='subject')),
                    ('term', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='school.term', verbose_name='term')),
                ],
                options={
                    'verbose_name': 'historical inspection round',
                    'verbose_name_plural': 'historical inspection rounds',
                    'db_table': 'evaluations_historicalinspectionround',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='InspectionRound',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('midterm', 'Mid-term inspection'), ('final', 'End-of-term inspection')], max_length=10, verbose_name='kind')),
                    ('due', models.DateField(verbose_name='due date')),
                    ('max_score', models.PositiveSmallIntegerField(default=10, verbose_name='highest score per item')),
                    ('status', models.CharField(choices=[('open', 'In progress'), ('finalized', 'Finalized')], default='open', max_length=10, verbose_name='status')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                    ('finalized_at', models.DateTimeField(blank=True, null=True, verbose_name='finalized at')),
                    ('review_note', models.TextField(blank=True, verbose_name="director's review")),
                    ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                    ('finalized_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='finalized by')),
                    ('inspectors', models.ManyToManyField(related_name='rounds_inspecting', to=settings.AUTH_USER_MODEL, verbose_name='inspection group')),
                    ('subject', models.ForeignKey(blank=True, help_text='Empty for a whole-school round.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='inspection_rounds', to='school.subject', verbose_name='subject')),
                    ('teachers', models.ManyToManyField(related_name='rounds_inspected', to=settings.AUTH_USER_MODEL, verbose_name='teachers inspected')),
                    ('term', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='inspection_rounds', to='school.term', verbose_name='term')),
                ],
                options={
                    'verbose_name': 'inspection round',
                    'verbose_name_plural': 'inspection rounds',
                    'db_table': 'evaluations_inspectionround',
                    'ordering': ['-due', '-pk'],
                },
            ),
            migrations.CreateModel(
                name='InspectionResult',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('problems', models.TextField(blank=True, verbose_name='problems found')),
                    ('follow_up', models.TextField(blank=True, verbose_name='follow-up')),
                    ('total_percent', models.DecimalField(decimal_places=1, default=0, max_digits=5, verbose_name='weighted score (%)')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                    ('inspector', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='inspector')),
                    ('teacher', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='inspection_results', to=settings.AUTH_USER_MODEL, verbose_name='teacher')),
                    ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='results', to='inspections.inspectionround', verbose_name='round')),
                ],
                options={
                    'verbose_name': 'inspection result',
                    'verbose_name_plural': 'inspection results',
                    'db_table': 'evaluations_inspectionresult',
                    'ordering': ['round', 'teacher__full_name'],
                },
            ),
            migrations.CreateModel(
                name='HistoricalInspectionResult',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('problems', models.TextField(blank=True, verbose_name='problems found')),
                    ('follow_up', models.TextField(blank=True, verbose_name='follow-up')),
                    ('total_percent', models.DecimalField(decimal_places=1, default=0, max_digits=5, verbose_name='weighted score (%)')),
                    ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('inspector', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='inspector')),
                    ('teacher', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='teacher')),
                    ('round', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='inspections.inspectionround', verbose_name='round')),
                ],
                options={
                    'verbose_name': 'historical inspection result',
                    'verbose_name_plural': 'historical inspection results',
                    'db_table': 'evaluations_historicalinspectionresult',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='RoundItem',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('area', models.CharField(choices=[('lesson_preparation', 'Lesson preparation'), ('homework_setting', 'Homework setting'), ('homework_marking', 'Homework marking'), ('homework_records', 'Homework records and analysis'), ('archives', 'Struggling-student archives and support plans'), ('evaluations', 'Evaluations and gap remediation'), ('family', 'Family contacts'), ('other', 'Other')], default='other', max_length=20, verbose_name='area')),
                    ('name', models.CharField(max_length=80, verbose_name='item')),
                    ('description', models.CharField(blank=True, max_length=300, verbose_name='what is checked')),
                    ('weight', models.PositiveSmallIntegerField(default=1, verbose_name='weight')),
                    ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                    ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='inspections.inspectionround', verbose_name='round')),
                ],
                options={
                    'verbose_name': 'round checklist item',
                    'verbose_name_plural': 'round checklist items',
                    'db_table': 'evaluations_rounditem',
                    'ordering': ['order', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='ItemScore',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('score', models.DecimalField(decimal_places=1, max_digits=5, verbose_name='score')),
                    ('comment', models.CharField(blank=True, max_length=300, verbose_name='comment')),
                    ('result', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='inspections.inspectionresult', verbose_name='result')),
                    ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='inspections.rounditem', verbose_name='item')),
                ],
                options={
                    'verbose_name': 'item score',
                    'verbose_name_plural': 'item scores',
                    'db_table': 'evaluations_itemscore',
                    'ordering': ['item__order', 'item__pk'],
                },
            ),
            migrations.CreateModel(
                name='HistoricalItemScore',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('score', models.DecimalField(decimal_places=1, max_digits=5, verbose_name='score')),
                    ('comment', models.CharField(blank=True, max_length=300, verbose_name='comment')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('result', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='inspections.inspectionresult', verbose_name='result')),
                    ('item', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='inspections.rounditem', verbose_name='item')),
                ],
                options={
                    'verbose_name': 'historical item score',
                    'verbose_name_plural': 'historical item scores',
                    'db_table': 'evaluations_historicalitemscore',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.AddConstraint(
                model_name='inspectionround',
                constraint=models.UniqueConstraint(condition=models.Q(('subject__isnull', False)), fields=('term', 'kind', 'subject'), name='one_subject_round_per_term_kind', violation_error_message='This term already has a round of this kind for this subject.'),
            ),
            migrations.AddConstraint(
                model_name='inspectionround',
                constraint=models.UniqueConstraint(condition=models.Q(('subject__isnull', True)), fields=('term', 'kind'), name='one_school_round_per_term_kind', violation_error_message='This term already has a whole-school round of this kind.'),
            ),
            migrations.AddConstraint(
                model_name='inspectionround',
                constraint=models.CheckConstraint(condition=models.Q(('status', 'open'), ('finalized_at__isnull', False), _connector='OR'), name='finalized_round_has_date'),
            ),
            migrations.AddConstraint(
                model_name='inspectionresult',
                constraint=models.UniqueConstraint(fields=('round', 'teacher'), name='one_result_per_teacher_round'),
            ),
            migrations.AddConstraint(
                model_name='inspectionresult',
                constraint=models.CheckConstraint(condition=models.Q(('total_percent__gte', 0), ('total_percent__lte', 100)), name='inspection_total_0_to_100'),
            ),
            migrations.AddConstraint(
                model_name='rounditem',
                constraint=models.CheckConstraint(condition=models.Q(('weight__gte', 1)), name='round_item_weight_positive'),
            ),
            migrations.AddConstraint(
                model_name='itemscore',
                constraint=models.UniqueConstraint(fields=('result', 'item'), name='one_score_per_item_result'),
            ),
            migrations.AddConstraint(
                model_name='itemscore',
                constraint=models.CheckConstraint(condition=models.Q(('score__gte', 0)), name='item_score_not_negative', violation_error_message='A score cannot be negative.'),
            ),
            ],
        ),
        migrations.CreateModel(
            name='InspectionSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('max_score', models.PositiveSmallIntegerField(default=10, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='inspection scoring scale (highest score per item)')),
            ],
            options={
                'verbose_name': 'inspection settings',
                'verbose_name_plural': 'inspection settings',
                'constraints': [models.CheckConstraint(condition=models.Q(('max_score__gte', 1), ('max_score__lte', 100)), name='inspection_settings_max_score_1_to_100')],
            },
        ),
        migrations.RunPython(copy_scale, copy_scale_back),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
