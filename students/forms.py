from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from core.params import query_id
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

    def __init__(self, *args, classes, by_grade: bool = False, **kwargs):
        """``by_grade``: the scope has many classes (BY_GRADE_OVER) — a grade is chosen first
        and the class select lists that grade's classes only, so the filter is the same size
        at 40 classes or 400 (a phone's select of 400 classes is no choice at all)."""
        super().__init__(*args, **kwargs)
        self.by_grade = by_grade
        self.shows_classes = True
        class_field = self.fields["school_class"]
        assert isinstance(class_field, forms.ModelChoiceField)
        class_field.queryset = classes
        class_field.empty_label = _("All classes")
        listed = classes
        if by_grade:
            grade_field = self.fields["grade"]
            assert isinstance(grade_field, forms.ModelChoiceField)
            grade_field.widget = LeanSelect(
                attrs={"class": "form-select form-select-sm", "aria-label": grade_field.label}
            )
            grade_field.empty_label = _("All grades")
            # (set after the widget: the queryset gives the widget its choices)
            grades = Grade.objects.filter(id__in=classes.values("grade_id"))
            grade_field.queryset = grades.order_by("level")
            grade = self._chosen_grade(classes)
            self.shows_classes = grade is not None
            listed = classes.filter(grade_id=grade) if grade is not None else classes.none()
        class_field.choices = ClassChoices(listed, class_field.empty_label)
        for name in ("school_class", "status"):
            self.fields[name].widget.attrs.update(
                {"class": "form-select form-select-sm", "aria-label": self.fields[name].label}
            )

    def _chosen_grade(self, classes) -> int | None:
        """The grade typed in the address, or the chosen class's (a link to one class)."""
        if not self.is_bound:
            return None
        grade, class_pk = query_id(self.data.get("grade")), query_id(self.data.get("school_class"))
        if grade is not None:
            return grade
        if class_pk is not None:
            found = classes.filter(pk=class_pk).values_list("grade_id", flat=True).first()
            if found is not None:
                # (the grade select shows the class's grade)
                self.data = {key: self.data.get(key) for key in self.data} | {"grade": str(found)}
            return found
        return None
