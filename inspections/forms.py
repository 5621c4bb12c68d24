"""Forms of the inspections: the checklist, the scale, a round, and the inspection."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core.locking import VersionedFormMixin
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
        fields = ["subject", "name", "area", "description", "weight", "order", "is_active"]
        help_texts = {
            "area": _("The evidence from the records shown next to this item."),
            "is_active": _(
                "Only items in use are copied into new rounds. A subject with items of its "
                "own uses them instead of the school's default checklist."
            ),
        }

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        subject = self.fields["subject"]
        if scope.is_school_leader:
            subject.queryset = Subject.objects.all()
            subject.empty_label = _("School default (every subject)")
        else:
            # A director keeps only their subjects' checklists (school.rules: item 8).
            subject.queryset = Subject.objects.filter(pk__in=scope.directed_subject_ids)
            subject.required = True
            subject.help_text = ""


class RoundForm(CheckAllConstraintsMixin, forms.ModelForm):
    inspectors = forms.ModelMultipleChoiceField(
        label=_("inspection group"),
        queryset=User.objects.filter(is_active=True),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "The backbone teachers who inspect in this round. Each teacher is first assigned "
            "the whole group; edit the round to choose who inspects whom."
        ),
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
        fields = ["kind", "subject", "due", "two_stage"]
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
            for name in ("kind", "subject", "two_stage"):
                self.fields[name].disabled = True
            self.initial["inspectors"] = list(self.instance.inspectors.values_list("pk", flat=True))
            self.initial["teachers"] = list(self.instance.teachers.values_list("pk", flat=True))
            self.fields["teachers"].help_text = _("Leave empty to keep the teachers as they are.")
            self._add_assignment_fields()

    def _add_assignment_fields(self) -> None:
        """One set of checkboxes per inspected teacher: who of the group inspects them."""
        inspection_round = cast(InspectionRound, self.instance)
        group = [(u.pk, str(u)) for u in inspection_round.inspectors.all()]
        assigned: dict[int, list[int]] = {}
        for teacher_id, inspector_id in inspection_round.assignments.values_list(
            "teacher_id", "inspector_id"
        ):
            assigned.setdefault(teacher_id, []).append(inspector_id)
        for teacher in inspection_round.teachers.all():
            name = f"assign_{teacher.pk}"
            self.fields[name] = forms.TypedMultipleChoiceField(
                label=_("Inspectors of %(teacher)s") % {"teacher": teacher},
                choices=[(pk, label) for pk, label in group if pk != teacher.pk],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            self.initial[name] = assigned.get(teacher.pk, [])

    def assignments(self) -> dict[int, list[int]] | None:
        """Teacher id → the inspector ids ticked for them; None on a new round (everyone
        in the group inspects every teacher, until narrowed here)."""
        if not self.instance.pk:
            return None
        return {
            int(name.removeprefix("assign_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("assign_")
        }


class InspectionForm(VersionedFormMixin, forms.Form):
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


class ThresholdsForm(forms.Form):
    """Two figures per evidence figure: where the full score starts and where none is left."""

    def __init__(self, *args, table, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = []
        for key, t in table.items():
            for prefix, label, value in (
                ("full", _("full score at"), t.full_at),
                ("zero", _("no score at"), t.zero_at),
            ):
                self.fields[f"{prefix}_{key}"] = forms.DecimalField(
                    label=f"{t.label} · {label}",
                    min_value=0,
                    max_digits=7,
                    decimal_places=1,
                    initial=value.normalize(),
                )
            self.lines.append(
                {"threshold": t, "full": self[f"full_{key}"], "zero": self[f"zero_{key}"]}
            )

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            line["threshold"].key: (
                data[f"full_{line['threshold'].key}"],
                data[f"zero_{line['threshold'].key}"],
            )
            for line in self.lines
        }
