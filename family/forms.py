from __future__ import annotations

import json
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core.locking import VersionedFormMixin
from school.forms import CheckAllConstraintsMixin, DateInput

from .contact_defaults import SUMMARY_LABELS, summary_label
from .models import FamilyContact, FamilyProfile, Guardian, ParentSession
from .services import check_contact_dates


class FamilyProfileForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = FamilyProfile
        fields = [
            "primary_caregiver",
            "single_parent",
            "left_behind",
            "economic_hardship",
            "tense_relations",
            "education_views",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


GuardianFormSet = forms.inlineformset_factory(
    FamilyProfile,
    Guardian,
    fields=["relation", "name", "phone", "lives_with_student", "works_away"],
    extra=1,
    can_delete=True,
    widgets={"phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})},
)


class FamilyContactForm(CheckAllConstraintsMixin, forms.ModelForm):
    class Meta:
        model = FamilyContact
        fields = [
            "date",
            "channel",
            "participants",
            "summary",
            "family_actions",
            "school_actions",
            "next_contact_on",
            "restricted",
        ]
        widgets = {
            "date": DateInput(),
            "next_contact_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "family_actions": forms.Textarea(attrs={"rows": 2}),
            "school_actions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The summary's label follows the channel; contact-label.js swaps it on change.
        channel = (
            self.data.get("channel")
            if self.is_bound
            else self.initial.get("channel") or self.instance.channel
        )
        self.fields["summary"].label = summary_label(channel or "")
        labels = {key: str(label) for key, label in SUMMARY_LABELS.items()}
        self.fields["channel"].widget.attrs["data-summary-labels"] = json.dumps(
            labels, ensure_ascii=False
        )

    def clean(self):
        data = super().clean()
        # The service's date rules, checked here too so they show next to the fields.
        check_contact_dates(date=data.get("date"), next_contact_on=data.get("next_contact_on"))
        return data


LETTER_CHANNELS = [
    (FamilyContact.Channel.PRIVATE_MESSAGE, FamilyContact.Channel.PRIVATE_MESSAGE.label),
    (FamilyContact.Channel.PHONE, FamilyContact.Channel.PHONE.label),
    (FamilyContact.Channel.IN_PERSON, FamilyContact.Channel.IN_PERSON.label),
    (FamilyContact.Channel.HOME_VISIT, FamilyContact.Channel.HOME_VISIT.label),
]


class ProgressLetterForm(forms.Form):
    text = forms.CharField(
        label=_("letter"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 14, "id": "letter-text"}),
        help_text=_("Edit freely, copy it into your message to the family, then mark it as sent."),
    )
    channel = forms.ChoiceField(label=_("sent by"), choices=LETTER_CHANNELS)
    date = forms.DateField(label=_("date"), widget=DateInput())


class ParentSessionForm(forms.ModelForm):
    class Meta:
        model = ParentSession
        fields = ["kind", "school_class", "topic", "date", "speaker", "materials"]
        widgets = {"date": DateInput(), "materials": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, classes=None, whole_school: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["school_class"]).queryset = classes
        # Only school leaders hold whole-school sessions; a head teacher picks their class.
        self.fields["school_class"].required = not whole_school
        if not whole_school:
            self.fields["school_class"].help_text = ""
