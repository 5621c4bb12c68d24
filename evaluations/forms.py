from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import ScoreField
from school.forms import CheckAllConstraintsMixin, DateInput

from .models import Evaluation, EvaluationSettings


class EvaluationForm(CheckAllConstraintsMixin, forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = [
            "school_class",
            "subject",
            "kind",
            "name",
            "date",
            "scale",
            "full_marks",
            "pass_line",
        ]
        widgets = {"date": DateInput()}
        field_classes = {"full_marks": ScoreField, "pass_line": ScoreField}
        help_texts = {
            "full_marks": _("For scored evaluations, e.g. 100."),
            "pass_line": _("For scored evaluations, e.g. 60."),
        }

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.fields["school_class"].queryset = scope.classes()
        self.fields["subject"].queryset = scope.subjects()
        if self.instance.pk:
            # The results belong to this class's students: class and subject stay.
            self.fields["school_class"].disabled = True
            self.fields["subject"].disabled = True

    def clean(self):
        data = super().clean()
        school_class, subject = data.get("school_class"), data.get("subject")
        if (
            school_class
            and subject
            and not self.scope.can_change_record(school_class.pk, subject.pk)
        ):
            raise forms.ValidationError(
                _("You do not record evaluations for this class and subject.")
            )
        if data.get("scale") == Evaluation.Scale.SCORE and (
            data.get("full_marks") is None or data.get("pass_line") is None
        ):
            raise forms.ValidationError(_("A scored evaluation needs full marks and a pass line."))
        return data


class GapForm(forms.Form):
    """The follow-up of a gap; the service stamps the day it is marked done."""

    remediation = forms.CharField(
        label=_("remediation"),
        max_length=300,
        required=False,
        help_text=_("What is done to fill the gap, e.g. tutoring in after-school service."),
    )
    due = forms.DateField(label=_("due date"), widget=DateInput())
    done = forms.BooleanField(label=_("done"), required=False)


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this student is not identified as struggling, for now."),
    )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = EvaluationSettings
        fields = ["warning_kind", "warning_consecutive", "excellent_percent"]
