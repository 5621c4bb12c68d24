"""What a dashboard or a workbook covers: a term or a date range, a grade, a class, a subject.

The same ``Filters`` drive the dashboard, the quick download and the background
job (which gets them back from ``ExportJob.params``), always inside a scope:
a class or subject outside the user's scope is refused, never widened to.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.params import query_id
from core.widgets import LeanSelect
from school.forms import DateInput
from school.models import Grade, SchoolClass, Subject, Term
from school.reporting import Filters
from school.scoping import Scope
from students.forms import ClassChoices

__all__ = ["FilterForm", "filters_from_params"]


def filters_from_params(params: dict, scope: Scope) -> Filters:
    """Filters stored by ``to_params``, re-checked against the scope."""
    form = FilterForm(_as_form_data(params), scope=scope)
    if not form.is_valid():
        raise ValueError(form.errors.as_text())
    return form.filters()


def _as_form_data(params: dict) -> dict:
    return {key: ("" if value is None else value) for key, value in params.items()}


class FilterForm(forms.Form):
    # LeanSelect: an administrator's class list is every class of the school (400 at the
    # bench's 10×), each option rendered through a template by Django's own Select.
    term = forms.ModelChoiceField(
        label=_("term"), queryset=Term.objects.all(), required=False, widget=LeanSelect
    )
    start = forms.DateField(label=_("from"), required=False, widget=DateInput())
    end = forms.DateField(label=_("to"), required=False, widget=DateInput())
    grade = forms.ModelChoiceField(
        label=_("grade"), queryset=Grade.objects.none(), required=False, widget=LeanSelect
    )
    school_class = forms.ModelChoiceField(
        label=_("class"), queryset=SchoolClass.objects.none(), required=False, widget=LeanSelect
    )
    subject = forms.ModelChoiceField(
        label=_("subject"), queryset=Subject.objects.none(), required=False, widget=LeanSelect
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        classes = scope.classes()
        choices = {
            "term": (None, _("All terms")),
            "grade": (
                Grade.objects.filter(id__in=classes.values("grade_id")).order_by("level"),
                _("All grades"),
            ),
            "school_class": (classes, _("All classes")),
            "subject": (scope.subjects(), _("All subjects")),
        }
        for name, (queryset, empty_label) in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            if queryset is not None:
                field.queryset = queryset
            field.empty_label = empty_label
            field.widget.attrs["class"] = "form-select form-select-sm"
        class_field = self.fields["school_class"]
        assert isinstance(class_field, forms.ModelChoiceField)
        class_field.choices = ClassChoices(self._listed_classes(classes), _("All classes"))
        if not self.is_bound:
            self.initial.setdefault("term", scope.term)

    def _listed_classes(self, classes):
        """The class select's options: over many classes (Scope.filters_by_grade), the
        chosen grade's only — or the chosen class's grade's — so the filter is the same size at
        40 classes or 400; the field still accepts any class of the scope."""
        if not self.scope.filters_by_grade:
            return classes
        data = self.data if self.is_bound else {}
        grade, class_pk = query_id(data.get("grade")), query_id(data.get("school_class"))
        if grade is not None:
            return classes.filter(grade_id=grade)
        if class_pk is not None:
            return classes.filter(grade_id__in=classes.filter(pk=class_pk).values("grade_id"))
        return classes.none()

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            term=data.get("term"),
            start=data.get("start"),
            end=data.get("end"),
            grade=data.get("grade"),
            school_class=data.get("school_class"),
            subject=data.get("subject"),
        )
