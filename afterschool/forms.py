from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from school.forms import DateInput
from school.models import Subject, User
from students.models import Student

from .models import WEEKDAYS, AfterSchoolGroup, PeerPairing


class GroupForm(forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("weekdays"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    members = forms.ModelMultipleChoiceField(
        label=_("members"),
        queryset=Student.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AfterSchoolGroup
        fields = [
            "name",
            "kind",
            "subject",
            "teacher",
            "room",
            "weekdays",
            "starts_at",
            "minutes",
            "members",
            "is_active",
        ]
        widgets = {"starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, students, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = students
        self.fields["teacher"].queryset = teachers
        self.fields["subject"].queryset = Subject.objects.all()

    def validate_unique(self):
        # The term is set by the service; uniqueness is reported by it.
        pass


class AttendanceForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=DateInput())
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class PairingForm(forms.ModelForm):
    class Meta:
        model = PeerPairing
        fields = ["tutee", "tutor", "subject", "starts_on", "sessions_per_week", "teacher"]
        widgets = {"starts_on": DateInput()}

    def __init__(self, *args, students, teachers, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tutee"].queryset = students
        self.fields["tutor"].queryset = students
        self.fields["subject"].queryset = subjects
        self.fields["teacher"].queryset = teachers

    def validate_unique(self):
        pass

    def clean(self):
        data = super().clean()
        if data.get("tutor") and data.get("tutor") == data.get("tutee"):
            self.add_error("tutor", _("A student cannot tutor themselves."))
        return data


class PairingCorrectionForm(forms.ModelForm):
    """Correct a pairing, or end it; the tutor and tutee stay (withdraw a wrong pairing)."""

    class Meta:
        model = PeerPairing
        fields = ["subject", "starts_on", "sessions_per_week", "teacher", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        help_texts = {"ends_on": _("Fill in to end the pairing; no sessions after it.")}

    def __init__(self, *args, teachers, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = subjects
        self.fields["teacher"].queryset = teachers
        self.fields["sessions_per_week"].min_value = 1
        self.fields["sessions_per_week"].max_value = 7
        self.fields["sessions_per_week"].widget.attrs.update({"min": 1, "max": 7})

    def validate_unique(self):
        pass  # reported by the service's full_clean, next to the fields

    def _post_clean(self):
        # The service sets and checks the fields (dates, constraints); the form only parses.
        pass


class PeerSessionForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=DateInput())
    practised = forms.CharField(label=_("what was practised"), max_length=200)
    result = forms.CharField(label=_("result"), max_length=200, required=False)
    minutes = forms.IntegerField(
        label=_("minutes"),
        min_value=1,
        max_value=240,
        # Offered filled in (15); left empty, 落实率 counts the plan's minutes for it.
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("How long the two practised (counted in the fidelity rate)."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for withdrawing"),
        max_length=200,
        help_text=_("E.g. entered twice, wrong student. The history keeps the record."),
    )


def staff() -> QuerySet[User]:
    return User.objects.filter(is_active=True).order_by("full_name", "username")
