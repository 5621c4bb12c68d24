from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import (
    ClassHeadship,
    GradeLeadership,
    SchoolClass,
    Subject,
    SubjectDirectorship,
    TeachingAssignment,
    Term,
    User,
)


class CheckAllConstraintsMixin:
    """Report every model constraint as a form error, including those on fields the
    view sets (term, student…), which ModelForm would otherwise leave to the database
    and so to a 500."""

    def validate_unique(self) -> None:
        try:
            self.instance.validate_unique()
            self.instance.validate_constraints()
        except ValidationError as error:
            self._update_errors(error)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["academic_year", "name", "start", "midterm_review", "final_review", "end"]
        widgets = {f: DateInput() for f in ["start", "midterm_review", "final_review", "end"]}


class SchoolClassForm(forms.ModelForm):
    class Meta:
        model = SchoolClass
        fields = ["grade", "number", "name", "is_active"]
        help_texts = {"name": _("Leave empty to use the usual name, e.g. 三年级(2)班.")}


class SubjectForm(forms.ModelForm):
    class Meta:
        model = Subject
        fields = ["name", "code", "order"]


class StaffForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "position", "email", "phone", "is_active"]


class StaffCreateForm(StaffForm):
    password = forms.CharField(
        label=_("initial password"),
        widget=forms.PasswordInput(render_value=False),
        min_length=8,
        help_text=_("At least 8 characters. The teacher can change it after logging in."),
    )

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user


class StaffPasswordResetForm(SetPasswordForm):
    """An administrator sets a new password for a member of staff."""


class TeachingAssignmentForm(CheckAllConstraintsMixin, forms.ModelForm):
    class Meta:
        model = TeachingAssignment
        fields = ["teacher", "school_class", "subject"]


class ClassHeadshipForm(CheckAllConstraintsMixin, forms.ModelForm):
    class Meta:
        model = ClassHeadship
        fields = ["school_class", "teacher"]


class GradeLeadershipForm(CheckAllConstraintsMixin, forms.ModelForm):
    class Meta:
        model = GradeLeadership
        fields = ["grade", "teacher"]


class SubjectDirectorshipForm(forms.ModelForm):
    class Meta:
        model = SubjectDirectorship
        fields = ["subject", "teacher"]
