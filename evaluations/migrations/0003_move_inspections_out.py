"""Inspections left for their own app; the scoring scale moved to InspectionSettings."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('evaluations', '0002_default_checklist'),
        # Copies the scoring scale before the field goes.
        ('inspections', '0001_initial'),
    ]

    operations = [
        # The inspection models now belong to inspections (see inspections 0001); their
        # tables stay, so evaluations forgets them without touching the database.
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.DeleteModel(
                name='ChecklistItem',
            ),
            migrations.RemoveField(
                model_name='historicalinspectionresult',
                name='history_user',
            ),
            migrations.RemoveField(
                model_name='historicalinspectionresult',
                name='inspector',
            ),
            migrations.RemoveField(
                model_name='historicalinspectionresult',
                name='round',
            ),
            migrations.RemoveField(
                model_name='historicalinspectionresult',
                name='teacher',
            ),
            migrations.RemoveField(
                model_name='historicalinspectionround',
                name='created_by',
            ),
            migrations.RemoveField(
                model_name='historicalinspectionround',
                name='finalized_by',
            ),
            migrations.RemoveField(
                model_name='historicalinspectionround',
                name='history_user',
            ),
            migrations.RemoveField(
                model_name='historicalinspectionround',
                name='subject',
            ),
            migrations.RemoveField(
                model_name='historicalinspectionround',
                name='term',
            ),
            migrations.RemoveField(
                model_name='historicalitemscore',
                name='history_user',
            ),
            migrations.RemoveField(
                model_name='historicalitemscore',
                name='item',
            ),
            migrations.RemoveField(
                model_name='historicalitemscore',
                name='result',
            ),
            migrations.RemoveField(
                model_name='inspectionresult',
                name='inspector',
            ),
            migrations.RemoveField(
                model_name='inspectionresult',
                name='round',
            ),
            migrations.RemoveField(
                model_name='inspectionresult',
                name='teacher',
            ),
            migrations.RemoveField(
                model_name='itemscore',
                name='result',
            ),
            migrations.RemoveField(
                model_name='inspectionround',
                name='created_by',
            ),
            migrations.RemoveField(
                model_name='inspectionround',
                name='finalized_by',
            ),
            migrations.RemoveField(
                model_name='inspectionround',
                name='inspectors',
            ),
            migrations.RemoveField(
                model_name='inspectionround',
                name='subject',
            ),
            migrations.RemoveField(
                model_name='inspectionround',
                name='teachers',
            ),
            migrations.RemoveField(
                model_name='inspectionround',
                name='term',
            ),
            migrations.RemoveField(
                model_name='rounditem',
                name='round',
            ),
            migrations.RemoveField(
                model_name='itemscore',
                name='item',
            ),
            migrations.DeleteModel(
                name='HistoricalInspectionResult',
            ),
            migrations.DeleteModel(
                name='HistoricalInspectionRound',
            ),
            migrations.DeleteModel(
                name='HistoricalItemScore',
            ),
            migrations.DeleteModel(
                name='InspectionResult',
            ),
            migrations.DeleteModel(
                name='InspectionRound',
            ),
            migrations.DeleteModel(
                name='ItemScore',
            ),
            migrations.DeleteModel(
                name='RoundItem',
            ),
            ],
        ),
        migrations.RemoveConstraint(
            model_name='evaluationsettings',
            name='inspection_max_score_1_to_100',
        ),
        migrations.RemoveField(
            model_name='evaluationsettings',
            name='inspection_max_score',
        ),
    ]
