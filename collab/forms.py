from django import forms
from django.utils.translation import gettext_lazy as _

from archives.models import SupportCase, SupportMeasure
from school.forms import DateInput
from school.models import Grade, SchoolClass, Subject, User
from students.models import Student

from .models import CaseStudy, SharingSession, TeamMeeting


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("for"), choices=TeamMeeting.Kind.choices)
    school_class = forms.ModelChoiceField(
        label=_("class"), queryset=SchoolClass.objects.none(), required=False
    )
    grade = forms.ModelChoiceField(label=_("grade"), queryset=Grade.objects.none(), required=False)
    subject = forms.ModelChoiceField(
        label=_("subject"), queryset=Subject.objects.none(), required=False
    )
    date = forms.DateField(label=_("date"), widget=DateInput())
    title = forms.CharField(label=_("title"), max_length=100, required=False)

    def __init__(self, *args, classes, grades, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = classes
        self.fields["grade"].queryset = grades
        self.fields["subject"].queryset = subjects

    def clean(self):
        data = super().clean()
        needs = {"class": "school_class", "grade": "grade", "subject": "subject"}
        field = needs.get(data.get("kind", ""))
        if field and not data.get(field):
            self.add_error(
                field, _("Choose the %(what)s of the meeting.") % {"what": self.fields[field].label}
            )
        return data


class RunForm(forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        label=_("attended"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("notes"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    add_student = forms.ModelChoiceField(
        label=_("add a student"), queryset=Student.objects.none(), required=False
    )

    def __init__(self, *args, teachers, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = teachers
        self.fields["add_student"].queryset = students


class ItemForm(forms.Form):
    decision = forms.CharField(
        label=_("decision"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    new_status = forms.ChoiceField(
        label=_("status agreed"),
        choices=[("", _("No change"))] + list(SupportCase.Status.choices),
        required=False,
    )
    remove = forms.BooleanField(label=_("remove from the agenda"), required=False)
    action_description = forms.CharField(label=_("new action"), max_length=300, required=False)
    action_owner = forms.ChoiceField(label=_("owner"), choices=[], required=False)
    action_due_on = forms.DateField(label=_("due date"), required=False, widget=DateInput())

    def __init__(self, *args, teachers: list[User], **kwargs):
        """``teachers``: a list (one query for all the items' forms)."""
        super().__init__(*args, **kwargs)
        self.owners = {str(t.pk): t for t in teachers}
        owner_field: forms.ChoiceField = self.fields["action_owner"]  # type: ignore[assignment]
        owner_field.choices = [("", "---------")] + [(str(t.pk), str(t)) for t in teachers]

    def clean_action_owner(self) -> User | None:
        return self.owners.get(self.cleaned_data.get("action_owner") or "")

    def clean(self):
        data = super().clean()
        if data.get("action_description") and not (
            data.get("action_owner") and data.get("action_due_on")
        ):
            raise forms.ValidationError(_("An agreed action needs an owner and a due date."))
        return data


class StudyForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=100)
    situation = forms.CharField(
        label=_("situation"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    causes_text = forms.CharField(
        label=_("causes"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    steps = forms.CharField(
        label=_("steps"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    results = forms.CharField(
        label=_("results"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reflection = forms.CharField(
        label=_("reflection"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    strategies = forms.ModelMultipleChoiceField(
        label=_("strategies used"),
        queryset=SupportMeasure.objects.approved(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    submit_now = forms.BooleanField(label=_("submit for review"), required=False)


class StudyFilterForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False)
    cause = forms.ChoiceField(
        label=_("cause"),
        required=False,
        choices=[("", _("All causes")), *SupportCase.Cause.choices],
    )
    type = forms.ChoiceField(
        label=_("type"), required=False, choices=[("", _("All types")), *SupportCase.Type.choices]
    )
    subject = forms.ModelChoiceField(
        label=_("subject"), queryset=Subject.objects.all(), required=False
    )
    strategy = forms.ModelChoiceField(
        label=_("strategy"), queryset=SupportMeasure.objects.approved(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-control form-control-sm" if name == "q" else "form-select form-select-sm"
            field.widget.attrs.update({"class": css, "aria-label": field.label})


class SessionForm(forms.ModelForm):
    class Meta:
        model = SharingSession
        fields = [
            "kind",
            "date",
            "topic",
            "presenters",
            "attendees",
            "case_studies",
            "strategies",
            "record",
        ]
        widgets = {
            "date": DateInput(),
            "presenters": forms.SelectMultiple(attrs={"size": 6}),
            "attendees": forms.CheckboxSelectMultiple,
            "case_studies": forms.CheckboxSelectMultiple,
            "strategies": forms.CheckboxSelectMultiple,
            "record": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(is_active=True).exclude(full_name="").order_by("full_name")
        self.fields["presenters"].queryset = staff
        self.fields["attendees"].queryset = staff
        self.fields["case_studies"].queryset = CaseStudy.objects.published()
        self.fields["strategies"].queryset = SupportMeasure.objects.approved()
