"""LeanSelect renders the same <select> as Django's, without a template per option."""

from __future__ import annotations

import copy
import re

from django import forms

from core.widgets import LeanSelect
from school.models import SchoolClass
from students.forms import StudentFilterForm

from .factories.school import SchoolClassFactory


def tight(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def test_the_class_filter_is_the_same_html_as_djangos_select(school):
    SchoolClassFactory(grade=school.grade, number=7, name='三年级(7)班 <"实验">')
    classes = SchoolClass.objects.select_related("grade")
    chosen = StudentFilterForm({"school_class": school.class_b.pk}, classes=classes)
    assert isinstance(chosen.fields["school_class"].widget, LeanSelect)

    plain = StudentFilterForm({"school_class": school.class_b.pk}, classes=classes)
    widget = copy.deepcopy(plain.fields["school_class"].widget)
    widget.__class__ = forms.Select  # the same widget, rendered by Django's templates
    plain.fields["school_class"].widget = widget
    lean_html = str(chosen["school_class"])
    assert tight(lean_html) == tight(plain["school_class"])
    # every class, the chosen one selected, names escaped
    assert lean_html.count("<option") == classes.count() + 1  # and "All classes"
    assert f'<option value="{school.class_b.pk}" selected>' in lean_html
    assert "&lt;&quot;实验&quot;&gt;" in lean_html and '<"实验">' not in lean_html


def test_groups_and_attributes_match_djangos_select_too():
    choices = [("", "—"), ("初中", [("7", "七年级"), ("8", "八年级")]), ("x", "a & b")]
    attrs = {"class": "form-select", "required": True, "disabled": False, "id": "id_g"}
    for value in ("8", "x", None):
        lean = LeanSelect(attrs=attrs, choices=choices).render("g", value)
        plain = forms.Select(attrs=attrs, choices=choices).render("g", value)
        assert tight(lean) == tight(plain)
    assert '<optgroup label="初中">' in lean and "a &amp; b" in lean


def test_a_model_field_without_an_empty_choice_matches_djangos_select(school):
    # (Read in one plain fetch: not QuerySet.iterator(), a server-side cursor on PostgreSQL.)
    classes = SchoolClass.objects.select_related("grade")
    fields = [
        forms.ModelChoiceField(queryset=classes, initial=school.class_a.pk, widget=widget)
        for widget in (LeanSelect, forms.Select)
    ]
    assert fields[0].empty_label is None
    lean, plain = (f.widget.render("c", school.class_a.pk) for f in fields)
    assert tight(lean) == tight(plain)
    assert lean.count("<option") == classes.count()
