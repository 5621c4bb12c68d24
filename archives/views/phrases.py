"""School leaders edit the shared quick phrases, one list per observation kind."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import submit
from school.rules import leaders_only
from school.scoping import ScopedRequest

from ..models import Observation, QuickPhrase
from ..phrases import parse_lines, school_phrases, set_school_phrases

MAX_LENGTH = QuickPhrase._meta.get_field("text").max_length or 40


class PhrasesForm(forms.Form):
    """One textarea per observation kind: a phrase a line."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in Observation.Kind.choices:
            self.fields[kind] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=gettext_lazy("One phrase a line."),
            )

    def clean(self) -> dict:
        data = super().clean() or {}
        for kind in Observation.Kind.values:
            lines = parse_lines(data.get(kind) or "")
            too_long = [line for line in lines if len(line) > MAX_LENGTH]
            if too_long:
                self.add_error(
                    kind,
                    _("A phrase is at most %(n)d characters: %(phrase)s")
                    % {"n": MAX_LENGTH, "phrase": too_long[0]},
                )
            data[kind] = lines
        return data


@login_required
@leaders_only
def phrase_settings(request: ScopedRequest) -> HttpResponse:
    current = {kind: "\n".join(texts) for kind, texts in school_phrases().items()}
    form = PhrasesForm(request.POST or None, initial=current)
    if (
        request.method == "POST"
        and form.is_valid()
        and submit(
            form,
            set_school_phrases,
            lists={kind: form.cleaned_data[kind] for kind in Observation.Kind.values},
            by=request.user,
        )
        is not None
    ):
        messages.success(request, _("Quick phrases saved."))
        return redirect("archives:phrase_settings")
    title = _("Quick phrases")
    return render(request, "core/form.html", {"form": form, "title": title})
