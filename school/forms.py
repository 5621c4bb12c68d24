from collections.abc import Callable
from typing import cast

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.db.models import Field, Model
from django.utils.translation import gettext_lazy as _

from . import rules
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

    # Provided by the ModelForm this mixes into.
    instance: Model
    _update_errors: Callable[[ValidationError], None]

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
    """A staff account as the acting school leader may shape it.

    The position offers only what the actor may grant; is_superuser and is_staff
    exist on the form only for a superuser, so nobody else can post them.
    """

    class Meta:
        model = User
        fields = ["username", "full_name", "position", "email", "phone", "is_active"]

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        position = cast(forms.ChoiceField, self.fields["position"])
        position.choices = rules.grantable_positions(actor)
        if rules.can_set_admin_flags(actor):
            for name in ("is_staff", "is_superuser"):
                model_field = cast(Field, User._meta.get_field(name))
                self.fields[name] = forms.BooleanField(
                    label=model_field.verbose_name,
                    help_text=model_field.help_text,
                    required=False,
                    initial=getattr(self.instance, name),
                )

    def clean_position(self) -> str:
        position = self.cleaned_data["position"]
        if not rules.can_grant_position(self.actor, position):
            raise ValidationError(_("You cannot give a position you do not hold."))
        return position

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        if rules.can_set_admin_flags(self.actor):
            user.is_staff = self.cleaned_data.get("is_staff", False)
            user.is_superuser = self.cleaned_data.get("is_superuser", False)
        if commit:
            user.save()
        return user


class StaffCreateForm(StaffForm):
    password = forms.CharField(
        label=_("initial password"),
        widget=forms.PasswordInput(render_value=False),
        min_length=8,
        help_text=_("At least 8 characters. The teacher can change it after logging in."),
    )


class StaffPasswordResetForm(SetPasswordForm):
    """An administrator sets a new password for a member of staff."""


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """The current-password check goes through authenticate(), so django-axes counts
    wrong guesses together with the log-in form's and locks the same username and
    address; a locked account is refused even with the right password."""

    def __init__(self, user, *args, request, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(
            self.request, username=self.user.get_username(), password=old_password
        )
        if checked is None or checked.pk != self.user.pk:
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


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
