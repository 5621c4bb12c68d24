from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from school.forms import CheckAllConstraintsMixin, DateInput
from school.models import Subject, User

from .models import ChecklistItem, Evaluation, EvaluationSettings, InspectionRound


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
        fields = ["warning_kind", "warning_consecutive", "inspection_max_score"]
        help_texts = {
            "inspection_max_score": _(
                "Rounds already created keep the scale they were created with."
            )
        }


class ChecklistItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["name", "area", "description", "weight", "order", "is_active"]
        help_texts = {
            "area": _("The evidence from the records shown next to this item."),
            "is_active": _("Only items in use are copied into new rounds."),
        }


class RoundForm(CheckAllConstraintsMixin, forms.ModelForm):
    inspectors = forms.ModelMultipleChoiceField(
        label=_("inspection group"),
        queryset=User.objects.filter(is_active=True),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The backbone teachers who inspect in this round."),
    )
    teachers = forms.ModelMultipleChoiceField(
        label=_("teachers inspected"),
        queryset=User.objects.filter(is_active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Leave empty to inspect every teacher of the subject this term."),
    )

    class Meta:
        model = InspectionRound
        fields = ["kind", "subject", "due"]
        widgets = {"due": DateInput()}

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.term = self.instance.term if self.instance.term_id else scope.term
        subject = self.fields["subject"]
        if scope.is_school_leader:
            subject.queryset = Subject.objects.all()
            subject.empty_label = _("Whole school")
        else:
            subject.queryset = Subject.objects.filter(pk__in=scope.directed_subject_ids)
            subject.required = True
            subject.help_text = ""
        if self.instance.pk:
            for name in ("kind", "subject"):
                self.fields[name].disabled = True
            self.initial["inspectors"] = list(self.instance.inspectors.values_list("pk", flat=True))
            self.initial["teachers"] = list(self.instance.teachers.values_list("pk", flat=True))
            self.fields["teachers"].help_text = _("Leave empty to keep the teachers as they are.")
