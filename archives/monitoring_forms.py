"""Forms of progress monitoring: a goal's measure and goal, probes, planned dose, settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import ScoreField
from school.forms import CheckAllConstraintsMixin, DateInput

from .models import MonitoringMeasure, MonitoringSettings, PlannedDose, ProbePoint


class GoalMonitorForm(forms.Form):
    measure = forms.ModelChoiceField(
        label=_("measure"), queryset=MonitoringMeasure.objects.filter(is_active=True)
    )
    starts_on = forms.DateField(
        label=_("phase starts on"),
        widget=DateInput(),
        help_text=_("Points from this day on belong to this step."),
    )
    goal_value = ScoreField(
        label=_("goal value"),
        required=False,
        help_text=_("The value to reach by the step's due date (or the end of the term)."),
    )
    weekly_rate = ScoreField(
        label=_("or: improvement a week"),
        required=False,
        max_digits=6,
        decimal_places=2,
        min_value=None,
        help_text=_("Used when no goal value is given: the goal is computed from the baseline."),
    )
    baseline_dates = forms.MultipleChoiceField(
        label=_("baseline points"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for the median of the first three points."),
    )

    def __init__(self, *args, point_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["baseline_dates"].choices = list(point_choices)

    def clean(self):
        data = super().clean()
        if data.get("goal_value") is None and data.get("weekly_rate") is None and not self.errors:
            raise forms.ValidationError(_("Give a goal value or a weekly improvement."))
        return data


def value_field(measure: MonitoringMeasure | None, **kwargs) -> ScoreField:
    help_text = ""
    if measure is not None:
        help_text = _("%(low)s to %(high)s") % {
            "low": f"{float(measure.min_value):g}",
            "high": f"{float(measure.max_value):g}",
        }
    return ScoreField(label=_("value"), help_text=help_text, **kwargs)


def check_range(form: forms.Form, measure: MonitoringMeasure | None, field: str = "value") -> None:
    value = form.cleaned_data.get(field)
    if measure is None or value is None:
        return
    if not measure.min_value <= value <= measure.max_value:
        form.add_error(
            field,
            _("%(measure)s is from %(low)s to %(high)s.")
            % {
                "measure": measure.name,
                "low": f"{float(measure.min_value):g}",
                "high": f"{float(measure.max_value):g}",
            },
        )


class ProbeForm(forms.Form):
    measure = forms.ModelChoiceField(label=_("measure"), queryset=MonitoringMeasure.objects.none())
    date = forms.DateField(label=_("date"), widget=DateInput())
    value = ScoreField(label=_("value"))
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures

    def clean(self):
        data = super().clean()
        check_range(self, data.get("measure"))
        return data


class ProbeCorrectionForm(forms.ModelForm):
    """Correct a probe's day, value or note (its measure stays); the history keeps the old."""

    class Meta:
        model = ProbePoint
        fields = ["date", "value", "note"]
        field_classes = {"value": ScoreField}
        widgets = {"date": DateInput()}

    def clean(self):
        data = super().clean()
        check_range(self, self.instance.measure)
        return data


class ProbeBatchForm(forms.Form):
    """The shared part of a probe for several students: the measure and the day."""

    measure = forms.ModelChoiceField(
        label=_("measure"), queryset=MonitoringMeasure.objects.filter(is_active=True)
    )
    date = forms.DateField(label=_("date"), widget=DateInput())


class ProbeRowForm(forms.Form):
    value = ScoreField(label=_("value"), required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, measure=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure

    @property
    def is_filled(self) -> bool:
        if not self.is_bound:
            return False
        return bool(
            (self.data.get(self.add_prefix("value")) or "").strip()
            or (self.data.get(self.add_prefix("note")) or "").strip()
        )

    def clean(self):
        data = super().clean()
        if self.is_filled and data.get("value") is None and not self.errors:
            self.add_error("value", _("Enter the value, or clear the note."))
        check_range(self, self.measure)
        return data


class DoseRowForm(forms.Form):
    """One kind of support's planned dose; no sessions = not planned."""

    sessions_per_week = ScoreField(
        label=_("sessions a week"), required=False, max_digits=3, decimal_places=1
    )
    minutes_per_session = forms.IntegerField(
        label=_("minutes a session"), required=False, min_value=1, max_value=240
    )
    since = forms.DateField(label=_("since"), required=False, widget=DateInput())

    def __init__(self, *args, targets=(), target_label="", **kwargs):
        """``targets``: the providers the dose may name (``dose_targets.DoseTarget``)."""
        super().__init__(*args, **kwargs)
        if targets:
            self.fields["target"] = forms.ChoiceField(
                label=target_label,
                required=False,
                choices=[("", _("Any of the student's groups"))]
                + [(t.value, t.label) for t in targets],
                help_text=_("Only this group's attendance then counts as delivered."),
            )

    def clean(self):
        data = super().clean()
        sessions = data.get("sessions_per_week")
        if sessions is not None and not 0 < sessions <= 14:
            self.add_error(
                "sessions_per_week", _("Sessions a week are more than 0 and at most 14.")
            )
        return data


DOSE_KINDS = PlannedDose.Kind


class MonitoringMeasureForm(forms.ModelForm):
    class Meta:
        model = MonitoringMeasure
        fields = [
            "name",
            "unit",
            "higher_is_better",
            "min_value",
            "max_value",
            "frequency_days",
            "source",
            "order",
            "is_active",
        ]
        field_classes = {"min_value": ScoreField, "max_value": ScoreField}


class MonitoringSettingsForm(CheckAllConstraintsMixin, forms.ModelForm):
    class Meta:
        model = MonitoringSettings
        fields = ["rule", "rule_points", "fidelity_bar"]
