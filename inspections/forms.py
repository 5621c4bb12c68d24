"""Forms of the inspections: the checklist, the scale, a round, and the inspection."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from school.forms import CheckAllConstraintsMixin, DateInput
from school.models import Subject, User

from .models import ChecklistItem, InspectionRound, InspectionSettings


class SettingsForm(forms.ModelForm):
    class Meta:
        model = InspectionSettings
        fields = ["max_score"]
        help_texts = {
            "max_score": _("Rounds already created keep the scale they were created with."),
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


class InspectionForm(forms.Form):
    """What an inspector writes beside the item scores (the scores are a grid of inputs)."""

    problems = forms.CharField(
        label=_("Problems found"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up = forms.CharField(
        label=_("Follow-up"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
