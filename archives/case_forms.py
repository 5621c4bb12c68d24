"""Forms of the support case: identification, cause analysis, status, plan, lists."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.locking import VersionedFormMixin
from core.widgets import LeanSelect
from school import dates
from school.forms import CheckAllConstraintsMixin, DateInput
from school.models import Grade, SchoolClass, Subject, User
from students.forms import ClassChoices

from .models import CaseEvidence, SupportCase, SupportGoal, SupportMeasure


class CauseAnalysisForm(forms.Form):
    """Causes, type, evidence (one short note or score per source) and root cause."""

    causes = forms.MultipleChoiceField(
        label=_("primary causes"),
        choices=SupportCase.Cause.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one primary cause.")},
    )
    # A blank first choice: the type is a judgement, never a silent default.
    difficulty_type = forms.ChoiceField(
        label=_("type"),
        choices=[("", "—")] + list(SupportCase.Type.choices),
        error_messages={"required": _("Choose the type of difficulty.")},
    )
    how_it_shows = forms.CharField(
        label=_("how the difficulty shows"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    root_cause = forms.CharField(
        label=_("root cause"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for source, label in CaseEvidence.Source.choices:
            self.fields[f"evidence_{source}_note"] = forms.CharField(
                label=label, required=False, max_length=300
            )
            self.fields[f"evidence_{source}_score"] = forms.CharField(
                label=_("score or level"), required=False, max_length=30
            )

    def folded_open(self) -> bool:
        """Whether the folded long texts start open: they hold input or errors."""
        return any(self[n].errors or self[n].value() for n in ("how_it_shows", "root_cause"))

    def evidence_rows(self):
        for source, label in CaseEvidence.Source.choices:
            yield label, self[f"evidence_{source}_note"], self[f"evidence_{source}_score"]

    def clean(self):
        data = super().clean()
        if self.is_valid() or not self.errors:
            if not any(
                data.get(f"evidence_{s}_note") or data.get(f"evidence_{s}_score")
                for s in CaseEvidence.Source.values
            ):
                raise forms.ValidationError(_("Give at least one piece of evidence."))
        return data

    def evidence(self) -> dict[str, tuple[str, str]]:
        d = self.cleaned_data
        return {
            s: (d.get(f"evidence_{s}_note", ""), d.get(f"evidence_{s}_score", ""))
            for s in CaseEvidence.Source.values
        }

    @staticmethod
    def initial_for(case: SupportCase) -> dict:
        initial = {
            "causes": [
                c
                for c, on in (
                    (SupportCase.Cause.WEAK_FOUNDATION, case.cause_weak_foundation),
                    (SupportCase.Cause.ATTITUDE, case.cause_attitude),
                )
                if on
            ],
            "difficulty_type": case.difficulty_type,
            "how_it_shows": case.how_it_shows,
            "root_cause": case.root_cause,
        }
        for e in case.evidence.all():
            initial[f"evidence_{e.source}_note"] = e.note
            initial[f"evidence_{e.source}_score"] = e.score
        return initial


class IdentifyForm(CauseAnalysisForm):
    subject = forms.ModelChoiceField(label=_("subject"), queryset=Subject.objects.none())
    identified_on = forms.DateField(label=_("identified on"), widget=DateInput())
    responsible_teachers = forms.ModelMultipleChoiceField(
        label=_("responsible teachers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to be the responsible teacher yourself."),
    )
    field_order = ["subject", "identified_on", "causes", "difficulty_type"]

    def __init__(self, *args, subjects, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = subjects
        self.fields["responsible_teachers"].queryset = teachers


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("new status"), choices=SupportCase.Status.choices)
    closure_reason = forms.ChoiceField(
        label=_("reason for closing"),
        required=False,
        choices=[("", "—")] + list(SupportCase.ClosureReason.choices),
    )
    changed_on = forms.DateField(label=_("date"), widget=DateInput())
    reason = forms.CharField(label=_("why"), max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("status") == SupportCase.Status.CLOSED and not data.get("closure_reason"):
            self.add_error("closure_reason", _("Say why the case is closed."))
        return data


class IdentificationDateForm(forms.Form):
    identified_on = forms.DateField(label=_("identified on"), widget=DateInput())
    reason = forms.CharField(label=_("why the date changes"), max_length=200)


class GoalForm(forms.ModelForm):
    """One step of the plan; a step without a description is dropped."""

    class Meta:
        model = SupportGoal
        fields = ["description", "target", "due_on", "outcome", "outcome_note"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["description"].required = False

    def clean_due_on(self):
        due_on = self.cleaned_data.get("due_on")
        if self.case is not None:
            try:
                dates.check_plan_date(due_on, self.case)
            except forms.ValidationError as error:
                raise forms.ValidationError(error.message_dict["due_on"]) from error
        return due_on

    def clean(self):
        data = super().clean()
        others = ("target", "due_on", "outcome", "outcome_note")
        if not data.get("description") and any(data.get(f) for f in others):
            self.add_error("description", _("Describe the step, or clear the whole step."))
        return data


GoalFormSet = forms.formset_factory(GoalForm, extra=0, can_delete=True, max_num=10)


class PlanForm(VersionedFormMixin, forms.Form):
    measures = forms.ModelMultipleChoiceField(
        label=_("measures"),
        queryset=SupportMeasure.objects.approved(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    responsible_teachers = forms.ModelMultipleChoiceField(
        label=_("responsible teachers"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_teachers"].queryset = teachers


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("name or number"), required=False)
    school_class = forms.ModelChoiceField(
        label=_("class"), queryset=SchoolClass.objects.none(), required=False, widget=LeanSelect
    )
    subject = forms.ModelChoiceField(
        label=_("subject"), queryset=Subject.objects.none(), required=False, widget=LeanSelect
    )
    cause = forms.ChoiceField(
        label=_("cause"),
        required=False,
        widget=LeanSelect,
        choices=[("", _("All causes"))] + list(SupportCase.Cause.choices),
    )
    type = forms.ChoiceField(
        label=_("type"),
        required=False,
        widget=LeanSelect,
        choices=[("", _("All types"))] + list(SupportCase.Type.choices),
    )
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        widget=LeanSelect,
        choices=[("", _("Open")), ("all", _("All"))] + list(SupportCase.Status.choices),
    )
    stale = forms.ChoiceField(
        label=_("staleness"),
        required=False,
        widget=LeanSelect,
        choices=[("", _("Any")), ("stale", _("Stale")), ("fresh", _("Up to date"))],
    )

    def __init__(self, *args, classes, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        class_field = self.fields["school_class"]
        assert isinstance(class_field, forms.ModelChoiceField)
        class_field.queryset = classes
        class_field.empty_label = _("All classes")
        class_field.choices = ClassChoices(classes, class_field.empty_label)
        self.fields["subject"].queryset = subjects
        self.fields["subject"].empty_label = _("All subjects")
        for name in ("school_class", "subject", "cause", "type", "status", "stale"):
            self.fields[name].widget.attrs.update(
                {"class": "form-select form-select-sm", "aria-label": self.fields[name].label}
            )


class RosterFilterForm(forms.Form):
    school_class = forms.ModelChoiceField(
        label=_("class"), queryset=SchoolClass.objects.none(), required=False
    )
    grade = forms.ModelChoiceField(label=_("grade"), queryset=Grade.objects.none(), required=False)

    def __init__(self, *args, classes, grades, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = classes
        self.fields["school_class"].empty_label = _("All classes")
        self.fields["grade"].queryset = grades
        self.fields["grade"].empty_label = _("All grades")
        for name in ("school_class", "grade"):
            self.fields[name].widget.attrs.update(
                {"class": "form-select form-select-sm", "aria-label": self.fields[name].label}
            )


class MeasureForm(CheckAllConstraintsMixin, forms.ModelForm):
    """A strategy of the library: proposed by a teacher, edited by its reviewers.

    ``order`` and ``is_active`` are the school leaders' (``leader=True``)."""

    causes = forms.MultipleChoiceField(
        label=_("suits the causes"),
        choices=SupportCase.Cause.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: any cause."),
    )
    types = forms.MultipleChoiceField(
        label=_("suits the types"),
        choices=SupportCase.Type.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: any type."),
    )

    class Meta:
        model = SupportMeasure
        fields = [
            "name",
            "summary",
            "steps",
            "causes",
            "types",
            "subjects",
            "grade_from",
            "grade_to",
            "sessions_per_week",
            "minutes",
            "evidence_kind",
            "evidence",
            "order",
            "is_active",
        ]
        widgets = {
            "steps": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
            "subjects": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, leader: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not leader:
            del self.fields["order"]
            del self.fields["is_active"]
