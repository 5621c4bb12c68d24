from django import forms
from django.utils.translation import gettext_lazy as _

from archives.models import SupportCase
from school.forms import DateInput
from school.models import Grade, SchoolClass, Subject, User
from students.models import Student

from .models import TeamMeeting


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
