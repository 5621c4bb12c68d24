from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from core.widgets import LeanSelect
from school import dates
from school.forms import DateInput
from school.models import Grade, SchoolClass

from .models import Student


class StudentForm(forms.ModelForm):
    class Meta:
        model = Student
        fields = ["student_number", "name", "gender", "date_of_birth", "school_class"]
        widgets = {"date_of_birth": DateInput()}

    def __init__(self, *args, classes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if classes is not None:
            self.fields["school_class"].queryset = classes

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        message = dates.birth_date_message(value) if value else None
        if message:
            raise forms.ValidationError(message)
        return value


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=Student.Status.choices)
    date = forms.DateField(label=_("date of the change"), widget=DateInput())
    # The note is kept as the history's change reason: its column is the limit.
    note = forms.CharField(
        label=_("note"),
        max_length=Student.history.model._meta.get_field("history_change_reason").max_length,
        required=False,
    )


class EraseConfirmForm(forms.Form):
    """Erasing cannot be undone: the user types the student number to confirm."""

    confirm_number = forms.CharField(label=_("type the student number to confirm"), max_length=30)

    def __init__(self, *args, student: Student, **kwargs):
        super().__init__(*args, **kwargs)
        self.student = student

    def clean_confirm_number(self) -> str:
        value = self.cleaned_data["confirm_number"].strip()
        if value != self.student.student_number:
            raise forms.ValidationError(
                _("This is not the student's number (%(n)s); nothing was erased."),
                params={"n": self.student.student_number},
            )
        return value


class RosterImportForm(forms.Form):
    file = forms.FileField(
        label=_("roster workbook (.xlsx)"),
        help_text=_("Columns: 学号, 姓名, 性别, 班级, 出生日期 (optional), 状态 (optional)."),
    )


class ClassChoices(BaseChoiceIterator):
    """A filter's class options, read once as ``(pk, label)`` rows when rendered: no model
    built per class, and no choice-by-choice normalizing when set on the field and its widget
    (an administrator's select holds every class, 400 at the bench's 10×). The field's
    queryset still validates the choice."""

    def __init__(self, classes: QuerySet[SchoolClass], empty_label: Any) -> None:
        self.classes = classes
        self.empty_label = empty_label
        self.rows: list[tuple[Any, Any]] | None = None

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.rows is None:
            self.rows = [("", self.empty_label), *SchoolClass.choices_of(self.classes)]
        return iter(self.rows)


class StudentFilterForm(forms.Form):
    q = forms.CharField(label=_("name or number"), required=False)
    school_class = forms.ModelChoiceField(
        label=_("class"),
        queryset=SchoolClass.objects.none(),
        required=False,
        widget=LeanSelect,  # one option per class: rendered in Python (core/widgets.py)
    )
    grade = forms.ModelChoiceField(
        label=_("grade"), queryset=Grade.objects.all(), required=False, widget=forms.HiddenInput
    )
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        widget=LeanSelect,
        choices=[("", _("In school")), ("all", _("All"))] + list(Student.Status.choices),
    )

    def __init__(self, *args, classes, **kwargs):
        super().__init__(*args, **kwargs)
        class_field = self.fields["school_class"]
        assert isinstance(class_field, forms.ModelChoiceField)
        class_field.queryset = classes
        class_field.empty_label = _("All classes")
        class_field.choices = ClassChoices(classes, class_field.empty_label)
        for name in ("school_class", "status"):
            self.fields[name].widget.attrs.update(
                {"class": "form-select form-select-sm", "aria-label": self.fields[name].label}
            )
