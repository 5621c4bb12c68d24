from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.fields import ScoreField
from school.forms import DateInput
from school.models import User

from .models import AgreedAction, ArchiveSummary, Observation, TutoringSession

RATING_WIDGET_ATTRS = {"inputmode": "numeric", "min": 1, "max": 5, "class": "rating-input"}


class ObservationForm(forms.ModelForm):
    class Meta:
        model = Observation
        fields = ["date", "kind", "rating", "score_percent", "note"]
        field_classes = {"score_percent": ScoreField}
        widgets = {
            "date": DateInput(),
            "rating": forms.NumberInput(attrs=RATING_WIDGET_ATTRS),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        if (
            data.get("rating") is None
            and data.get("score_percent") is None
            and not data.get("note")
            and not self.errors
        ):
            raise forms.ValidationError(_("Give a rating, a score or a note."))
        return data


class QuickObservationForm(ObservationForm):
    """The archive's quick add, drawn by ``archives/archive.html`` without crispy (its five
    fields cost a tenth of the page): the widgets carry the classes crispy gave them."""

    WIDGET_CLASSES = {
        "date": "dateinput form-control",
        "kind": "select form-select",
        "rating": "rating-input numberinput form-control",
        "score_percent": "textinput form-control",
        "note": "textarea form-control",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, css_class in self.WIDGET_CLASSES.items():
            self.fields[name].widget.attrs["class"] = css_class


class LessonForm(forms.Form):
    """The shared part of a lesson's batch: date and kind, defaulted."""

    date = forms.DateField(label=_("date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("kind"), choices=Observation.Kind.choices)


class LessonRowForm(forms.Form):
    """One student's row of the batch: a rating (1–5) and a note, both optional."""

    rating = forms.IntegerField(
        label=_("rating"),
        required=False,
        min_value=1,
        max_value=5,
        widget=forms.NumberInput(attrs=RATING_WIDGET_ATTRS),
        error_messages={
            "invalid": _("Enter a whole number from 1 to 5."),
            "min_value": _("The rating is from 1 to 5."),
            "max_value": _("The rating is from 1 to 5."),
        },
    )
    note = forms.CharField(label=_("note"), required=False, max_length=500)

    @property
    def is_filled(self) -> bool:
        if not self.is_bound:
            return False
        return bool(
            (self.data.get(self.add_prefix("rating")) or "").strip()
            or (self.data.get(self.add_prefix("note")) or "").strip()
        )


class TutoringForm(forms.ModelForm):
    class Meta:
        model = TutoringSession
        fields = ["date", "minutes", "content", "result", "rating"]
        widgets = {
            "date": DateInput(),
            "minutes": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 240}),
            "content": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 2}),
            "rating": forms.NumberInput(attrs=RATING_WIDGET_ATTRS),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        minutes = self.fields["minutes"]
        minutes.min_value, minutes.max_value = 1, 240
        minutes.validators += [MinValueValidator(1), MaxValueValidator(240)]
        minutes.help_text = _(
            "How long the session lasted: 1 to 240 minutes (counted in the fidelity rate)."
        )
        # Offered filled in (the plan's minutes); left empty, 落实率 counts the plan's.
        minutes.required = False


class SummaryForm(forms.ModelForm):
    class Meta:
        model = ArchiveSummary
        fields = ["date", "period_start", "period_end", "text"]
        widgets = {
            "date": DateInput(),
            "period_start": DateInput(),
            "period_end": DateInput(),
            "text": forms.Textarea(attrs={"rows": 5}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("The period must start before it ends."))
        return data


class DiscussionForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=DateInput())
    participants = forms.ModelMultipleChoiceField(
        label=_("participants"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You take part yourself."),
    )
    ideas = forms.CharField(
        label=_("ideas"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = teachers


class ActionForm(forms.Form):
    description = forms.CharField(label=_("agreed action"), max_length=300, required=False)
    owner = forms.ModelChoiceField(label=_("owner"), queryset=User.objects.none(), required=False)
    due_on = forms.DateField(label=_("due date"), required=False, widget=DateInput())

    def __init__(self, *args, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = teachers

    def clean(self):
        data = super().clean()
        if data.get("description") and not (data.get("owner") and data.get("due_on")):
            raise forms.ValidationError(_("An agreed action needs an owner and a due date."))
        return data


class ReviewForm(forms.Form):
    review = forms.ChoiceField(
        label=_("review"), choices=AgreedAction.Review.choices, required=False
    )
    review_note = forms.CharField(label=_("review note"), max_length=300, required=False)
