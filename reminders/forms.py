from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Reminder, ReminderMode, ReminderPreference

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


MODE_FIELD = "mode"


class PreferencesForm(forms.Form):
    """How reminders come (a daily digest or each on its own), and one delivery per kind."""

    def __init__(
        self,
        *args,
        initial_deliveries: dict[str, str],
        initial_mode: str = ReminderMode.Mode.DIGEST,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields[MODE_FIELD] = forms.ChoiceField(
            label=_("How reminders come"),
            choices=ReminderMode.Mode.choices,
            required=False,  # left out: unchanged
            initial=initial_mode,
            widget=forms.RadioSelect,
            help_text=_(
                "The digest gathers the day's reminders into one summary, grouped by kind."
            ),
        )
        for kind, label in Reminder.Kind.choices:
            if kind == Reminder.Kind.DIGEST:
                continue
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=ReminderPreference.Delivery.choices,
                initial=initial_deliveries.get(kind, ReminderPreference.DEFAULT),
                widget=forms.RadioSelect,
                help_text=KIND_HELP.get(kind, ""),
            )


KIND_HELP: dict[str, StrOrPromise] = {
    Reminder.Kind.REVIEW_DUE: _(
        "Before each mid-term and end-of-term review, if you have struggling students."
    ),
    Reminder.Kind.INSPECTION_DUE: _("Inspection rounds you lead, inspect or are inspected in."),
    Reminder.Kind.HOME_VISIT_OVERDUE: _("Struggling students of your class not visited lately."),
    Reminder.Kind.ARCHIVE_STALE: _("Progress archives you are responsible for, not kept up."),
    Reminder.Kind.HOMEWORK_OVER_LIMIT: _(
        "Days a class of your grade went over the homework limit."
    ),
}
