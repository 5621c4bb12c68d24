"""My to-dos (我的待办): the agreed actions I own, and marking one done from a phone."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import submit
from core.http import redirect_next
from core.pagination import paginate
from school.models import today
from school.scoping import ScopedRequest, get_object_in_scope

from ..action_services import can_complete, complete_action
from ..models import AgreedAction


class DoneForm(forms.Form):
    result = forms.CharField(
        label=gettext_lazy("result (one line)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(
            attrs={
                "placeholder": gettext_lazy("e.g. two face-to-face markings, corrections on time")
            }
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def my_open_actions(request: ScopedRequest):
    """The user's open actions in their scope, soonest due first."""
    return (
        AgreedAction.objects.visible_to(request.scope)
        .open()
        .filter(owner=request.user)
        .order_by("due_on", "pk")
    )


@login_required
def my_actions(request: ScopedRequest) -> HttpResponse:
    page = paginate(request, my_open_actions(request))
    done = list(
        AgreedAction.objects.visible_to(request.scope)
        .alive()
        .filter(owner=request.user, done_on__isnull=False)
        .order_by("-done_on", "-pk")[:10]
    )
    return render(
        request,
        "archives/my_actions.html",
        {"page": page, "done": done, "today": today(), "form": DoneForm()},
    )


@login_required
def action_done(request: ScopedRequest, action_pk: int) -> HttpResponse:
    """One tap marks it done (the result optional); the page offers a note too."""
    action = get_object_in_scope(
        AgreedAction.objects.visible_to(request.scope).alive(), pk=action_pk
    )
    if not can_complete(request.scope, action):
        raise PermissionDenied
    form = DoneForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = submit(
            form,
            complete_action,
            action=action,
            scope=request.scope,
            result=form.cleaned_data["result"],
            note=form.cleaned_data["note"],
        )
        if done is not None:
            messages.success(request, _("Marked done: %(action)s") % {"action": action})
            return redirect_next(request, "archives:my_actions")
    return render(
        request, "archives/action_done.html", {"action": action, "form": form, "today": today()}
    )
