from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import MinutesField
from school.forms import DateInput
from school.models import User

from .models import (
    NATIONAL_CEILINGS,
    Assignment,
    CalendarDay,
    HomeworkReview,
    Level,
    LoadLimit,
    MarkingRecord,
    ReviewGroupMember,
    SchoolWeek,
    SubjectCap,
)
from .services import TierData

MAX_MINUTES = 300
# Dates a page accepts: wide enough for any school year, far from date.min and date.max.
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2099, 12, 31)


def day_in_range(day: datetime.date | None) -> bool:
    return day is not None and FIRST_DAY <= day <= LAST_DAY


class OverLimitReasonMixin(forms.Form):
    over_limit_reason = forms.CharField(
        label=_("Reason for going over the limit"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only needed when this homework puts the class over the day's limit."),
    )


class AssignmentForm(forms.ModelForm):
    pair = forms.ChoiceField(label=_("Class and subject"))
    over_limit_reason = OverLimitReasonMixin.base_fields["over_limit_reason"]

    class Meta:
        model = Assignment
        fields = ["date", "title", "unit", "phase", "kind", "default_level"]
        widgets = {"date": DateInput()}
        help_texts = {
            "kind": _(
                "Grades 1–2: no written homework to take home (Ministry of Education, 2021); "
                "written homework is for in-class practice there."
            ),
            "date": _(
                "Written homework to take home is set on a school day, not a weekend or holiday."
            ),
        }

    def __init__(self, *args, pairs: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if pairs is None:
            del self.fields["pair"]
        else:
            pair = self.fields["pair"]
            assert isinstance(pair, forms.ChoiceField)
            pair.choices = pairs
            self.order_fields(["pair"])
        for level, label in Level.choices:
            required = level == Level.BASIC
            self.fields[f"{level}_content"] = forms.CharField(
                label=_("%(tier)s tier") % {"tier": label},
                required=required,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{level}_minutes"] = MinutesField(
                label=_("Minutes"),
                required=required,
                min_value=0,
                max_value=MAX_MINUTES,
            )
        if self.instance.pk:
            for tier in self.instance.tiers.all():
                self.initial[f"{tier.level}_content"] = tier.content
                self.initial[f"{tier.level}_minutes"] = tier.minutes
        # The reason comes last, after the numbers it answers.
        self.order_fields([f for f in self.fields if f != "over_limit_reason"])

    def clean(self):
        data = super().clean()
        levels = []
        for level, _label in Level.choices:
            content = (data.get(f"{level}_content") or "").strip()
            minutes = data.get(f"{level}_minutes")
            if content and minutes is None:
                self.add_error(f"{level}_minutes", _("Give the minutes of this tier."))
            elif minutes is not None and not content and level != Level.BASIC:
                self.add_error(f"{level}_content", _("Give the content of this tier."))
            elif content:
                levels.append(level)
        default = data.get("default_level")
        if default and levels and default not in levels:
            self.add_error("default_level", _("The class's tier must be one of the tiers set."))
        return data

    def tiers(self) -> list[TierData]:
        data = self.cleaned_data
        return [
            TierData(level, data[f"{level}_content"].strip(), data[f"{level}_minutes"])
            for level, _label in Level.choices
            if (data.get(f"{level}_content") or "").strip()
        ]

    def tier_pairs(self) -> list:
        """(content, minutes) bound fields of each tier, laid out side by side."""
        return [(self[f"{lvl}_content"], self[f"{lvl}_minutes"]) for lvl, _l in Level.choices]

    def main_fields(self) -> list:
        skip = {"over_limit_reason"} | {
            f"{lvl}_{part}" for lvl, _l in Level.choices for part in ("content", "minutes")
        }
        return [self[name] for name in self.fields if name not in skip]


class StudentTiersForm(forms.Form):
    """One tier choice per student; a personalised item for the struggling ones."""

    over_limit_reason = OverLimitReasonMixin.base_fields["over_limit_reason"]

    def __init__(self, *args, students, struggling_ids, levels, chosen, personal, **kwargs):
        super().__init__(*args, **kwargs)
        self.students = list(students)
        self.struggling_ids = set(struggling_ids)
        choices = [("", _("Class's tier"))] + [(v, lbl) for v, lbl in Level.choices if v in levels]
        self.rows = []
        for s in self.students:
            name = f"level_{s.pk}"
            self.fields[name] = forms.ChoiceField(
                label=s.name, choices=choices, required=False, initial=chosen.get(s.pk, "")
            )
            row = {"student": s, "level": name, "struggling": s.pk in self.struggling_ids}
            if row["struggling"]:
                content, minutes = personal.get(s.pk, ("", None))
                self.fields[f"item_{s.pk}"] = forms.CharField(
                    label=_("Personalised item"),
                    required=False,
                    initial=content,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                self.fields[f"minutes_{s.pk}"] = MinutesField(
                    label=_("Minutes"),
                    required=False,
                    min_value=0,
                    max_value=MAX_MINUTES,
                    initial=minutes,
                )
                row["item"], row["minutes"] = f"item_{s.pk}", f"minutes_{s.pk}"
            self.rows.append(row)

    def display_rows(self) -> list[dict]:
        """Rows for the template, with the bound values and errors of each field."""
        out = []
        for row in self.rows:
            level = self[row["level"]]
            shown = {
                **row,
                "choices": getattr(level.field, "choices", ()),
                "value": level.value() or "",
            }
            if row["struggling"]:
                item, minutes = self[row["item"]], self[row["minutes"]]
                shown.update(
                    item_value=item.value() or "",
                    item_errors=item.errors,
                    minutes_value=minutes.value(),
                    minutes_errors=minutes.errors,
                )
            out.append(shown)
        return out

    def clean(self):
        data = super().clean()
        for s in self.students:
            if s.pk not in self.struggling_ids:
                continue
            content = (data.get(f"item_{s.pk}") or "").strip()
            minutes = data.get(f"minutes_{s.pk}")
            if content and minutes is None:
                self.add_error(f"minutes_{s.pk}", _("Give the minutes of this item."))
            if minutes is not None and not content:
                self.add_error(f"item_{s.pk}", _("Give the content of this item."))
        return data

    def choices(self) -> dict[int, str]:
        return {s.pk: self.cleaned_data.get(f"level_{s.pk}") or "" for s in self.students}

    def personalised(self) -> dict[int, tuple[str, int]]:
        items = {}
        for s in self.students:
            content = (self.cleaned_data.get(f"item_{s.pk}") or "").strip()
            if s.pk in self.struggling_ids and content:
                items[s.pk] = (content, self.cleaned_data[f"minutes_{s.pk}"])
        return items


class MarkingGridForm(forms.Form):
    """Marking records of several students at once.

    A row is saved when "Record" is ticked, or when anything is entered in it (a
    quality, a comment, mistakes, face-to-face marking): what a teacher typed is
    never dropped because a box was left empty. The page's script ticks the box
    as they type.
    """

    ENTERED = ("quality", "face_to_face", "corrected", "mistakes", "comment")

    def __init__(self, *args, students, existing: dict[int, MarkingRecord], **kwargs):
        super().__init__(*args, **kwargs)
        self.students = list(students)
        self.rows = []
        quality_choices = [("", "—"), *MarkingRecord.Quality.choices]
        for s in self.students:
            rec = existing.get(s.pk)
            p = f"s{s.pk}_"
            self.fields[p + "record"] = forms.BooleanField(
                label=_("Record"), required=False, initial=rec is not None
            )
            self.fields[p + "submitted"] = forms.BooleanField(
                label=_("Submitted"), required=False, initial=rec.submitted if rec else True
            )
            self.fields[p + "on_time"] = forms.BooleanField(
                label=_("On time"), required=False, initial=rec.on_time if rec else True
            )
            self.fields[p + "quality"] = forms.ChoiceField(
                label=_("Quality"),
                choices=quality_choices,
                required=False,
                initial=rec.quality if rec else "",
            )
            self.fields[p + "face_to_face"] = forms.BooleanField(
                label=_("Face-to-face"), required=False, initial=rec.face_to_face if rec else False
            )
            self.fields[p + "corrected"] = forms.BooleanField(
                label=_("Mistakes corrected"),
                required=False,
                initial=rec.corrected if rec else False,
            )
            self.fields[p + "mistakes"] = forms.CharField(
                label=_("Mistakes noted"),
                required=False,
                max_length=1000,
                initial=rec.mistakes if rec else "",
                widget=forms.Textarea(attrs={"rows": 1}),
            )
            self.fields[p + "comment"] = forms.CharField(
                label=_("Personalised comment"),
                required=False,
                max_length=1000,
                initial=rec.comment if rec else "",
                widget=forms.Textarea(attrs={"rows": 1}),
            )
            self.rows.append(
                {
                    "student": s,
                    "fields": [
                        self[p + n]
                        for n in (
                            "record",
                            "submitted",
                            "on_time",
                            "quality",
                            "face_to_face",
                            "corrected",
                        )
                    ],
                    "texts": [self[p + "mistakes"], self[p + "comment"]],
                }
            )

    def clean(self):
        data = super().clean()
        for s in self.students:
            p = f"s{s.pk}_"
            if data.get(p + "record") and data.get(p + "submitted") and not data.get(p + "quality"):
                self.add_error(p + "quality", _("Give a quality grade for submitted homework."))
        return data

    def _entered(self, prefix: str) -> bool:
        data = self.cleaned_data
        return bool(data.get(prefix + "record")) or any(
            (data.get(prefix + n) or "") not in ("", False) for n in self.ENTERED
        )

    def marked(self) -> list[dict]:
        out = []
        for s in self.students:
            p = f"s{s.pk}_"
            if self._entered(p):
                out.append(
                    {
                        "student": s,
                        **{
                            n: self.cleaned_data.get(p + n)
                            for n in (
                                "submitted",
                                "on_time",
                                "quality",
                                "mistakes",
                                "face_to_face",
                                "corrected",
                                "comment",
                            )
                        },
                    }
                )
        return out


class CopyForm(forms.Form):
    classes = forms.MultipleChoiceField(
        label=_("Copy to these classes"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, classes, **kwargs):
        super().__init__(*args, **kwargs)
        self.class_objects = {str(c.pk): c for c in classes}
        self.fields["classes"].choices = [(str(c.pk), str(c)) for c in classes]
        self.fields["classes"].initial = list(self.class_objects)

    def chosen(self):
        return [self.class_objects[pk] for pk in self.cleaned_data["classes"]]


class LoadLimitForm(forms.ModelForm):
    class Meta:
        model = LoadLimit
        fields = ["minutes", "note"]
        field_classes = {"minutes": MinutesField}

    def clean_minutes(self):
        minutes = self.cleaned_data["minutes"]
        ceiling = NATIONAL_CEILINGS[self.instance.band]
        if minutes is not None and minutes > ceiling:
            if ceiling == 0:
                raise forms.ValidationError(
                    _(
                        "Grades 1–2 get no written homework to take home (Ministry of "
                        "Education, 2021): the limit stays 0."
                    ),
                    code="over_ceiling",
                )
            raise forms.ValidationError(
                _(
                    "The national ceiling for %(band)s is %(ceiling)d minutes a day "
                    "(Ministry of Education, 2021); a school may set a lower limit, not a higher one."
                )
                % {"band": self.instance.get_band_display(), "ceiling": ceiling},
                code="over_ceiling",
            )
        return minutes


class SubjectCapForm(forms.ModelForm):
    class Meta:
        model = SubjectCap
        fields = ["grade", "subject", "minutes"]
        field_classes = {"minutes": MinutesField}

    def clean(self):
        data = super().clean()
        grade, minutes = data.get("grade"), data.get("minutes")
        if grade is not None and minutes is not None:
            ceiling = NATIONAL_CEILINGS[grade.band]
            if minutes > ceiling:
                self.add_error(
                    "minutes",
                    _(
                        "A subject's cap may not exceed the national ceiling of %(grade)s: "
                        "%(ceiling)d minutes a day."
                    )
                    % {"grade": grade, "ceiling": ceiling},
                )
        return data


class SchoolWeekForm(forms.ModelForm):
    class Meta:
        model = SchoolWeek
        fields = ["saturday_is_school_day", "sunday_is_school_day", "notice_link_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, the number of days stays as it was.
        self.fields["notice_link_days"].required = False

    def clean_notice_link_days(self):
        value = self.cleaned_data.get("notice_link_days")
        return self.instance.notice_link_days if value is None else value


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "is_school_day", "note"]
        widgets = {"date": DateInput()}

    def clean_date(self):
        day = self.cleaned_data["date"]
        if not day_in_range(day):
            raise forms.ValidationError(_("Give a date between 2000 and 2099."))
        return day


class HomeworkReviewForm(forms.ModelForm):
    class Meta:
        model = HomeworkReview
        fields = ["design", "tiering", "load", "comments"]
        widgets = {"comments": forms.Textarea(attrs={"rows": 3})}


class WeekForm(forms.Form):
    grade = forms.ChoiceField(
        label=_("Grade"),
        required=False,
        widget=forms.Select(
            attrs={"class": "form-select form-select-sm", "aria-label": _("Grade")}
        ),
    )
    week = forms.DateField(label=_("Week of"), required=False, widget=DateInput())

    def __init__(self, *args, grades, **kwargs):
        super().__init__(*args, **kwargs)
        self.grade_objects = {str(g.pk): g for g in grades}
        self.fields["grade"].choices = [(str(g.pk), g.name) for g in grades]

    def clean_week(self):
        day = self.cleaned_data.get("week")
        if day is not None and not day_in_range(day):
            raise forms.ValidationError(_("Give a date between 2000 and 2099."))
        return day


class ReviewGroupMemberForm(forms.ModelForm):
    class Meta:
        model = ReviewGroupMember
        fields = ["subject", "teacher"]

    def __init__(self, *args, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = subjects
        self.fields["teacher"].queryset = User.objects.filter(is_active=True)
