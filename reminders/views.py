"""The inbox: a user's own reminders, and their preferences. Nobody sees another's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import redirect_next
from core.idempotency import create_once
from core.page_cache import kept_page
from core.pagination import paginate
from school.models import today as school_today
from school.scoping import ScopedRequest, get_object_in_scope

from . import services
from .digest import digest_lines
from .forms import MODE_FIELD, PreferencesForm
from .models import Reminder, ReminderQuerySet


def own_reminders(request: ScopedRequest) -> ReminderQuerySet:
    """The scoping of this app: a reminder belongs to its recipient alone."""
    return Reminder.objects.visible_to(request.scope)


def back_to(request: ScopedRequest, default: str = "reminders:inbox") -> HttpResponse:
    return redirect_next(request, default)


@login_required
@kept_page
def inbox(request: ScopedRequest) -> HttpResponse:
    reminders = own_reminders(request)
    show = request.GET.get("show", "")
    if show == "unread":
        reminders = reminders.unread()
    kind = request.GET.get("kind", "")
    if kind and kind not in Reminder.Kind.values and not reminders.filter(kind=kind).exists():
        kind = ""  # an unknown kind in the address: the whole inbox
    if kind:
        # A digest line's list: every reminder of the kind, the digest's items included.
        reminders = reminders.filter(kind=kind)
    else:
        reminders = reminders.shown()
    page = paginate(
        request,
        reminders.only(
            "id", "kind", "title", "title_text", "params", "created_at", "read_at", "in_digest"
        ),
    )
    return render(
        request,
        "reminders/inbox.html",
        {"page": page, "show": show, "kind": kind, "kinds": Reminder.Kind.choices},
    )


@login_required
def reminder_detail(request: ScopedRequest, reminder_pk: int) -> HttpResponse:
    reminder = get_object_in_scope(own_reminders(request), pk=reminder_pk)
    # Opening a reminder reads it, as in any mail client; "mark unread" undoes it.
    services.mark_read(reminder=reminder)
    lines = digest_lines(request.user, today=school_today()) if reminder.is_digest else []
    return render(request, "reminders/reminder_detail.html", {"reminder": reminder, "lines": lines})


@login_required
@require_POST
def mark_read(request: ScopedRequest, reminder_pk: int) -> HttpResponse:
    reminder = get_object_in_scope(own_reminders(request), pk=reminder_pk)
    services.mark_read(reminder=reminder)
    return back_to(request)


@login_required
@require_POST
def mark_unread(request: ScopedRequest, reminder_pk: int) -> HttpResponse:
    reminder = get_object_in_scope(own_reminders(request), pk=reminder_pk)
    services.mark_unread(reminder=reminder)
    messages.info(request, _("Marked as unread."))
    return back_to(request)


@login_required
@require_POST
def mark_all_read(request: ScopedRequest) -> HttpResponse:
    count = services.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All reminders marked as read."))
    return back_to(request)


@login_required
@create_once
def preferences(request: ScopedRequest) -> HttpResponse:
    form = PreferencesForm(
        request.POST or None,
        initial_deliveries=services.preferences_for(request.user),
        initial_mode=services.mode_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        mode = data.pop(MODE_FIELD) or None
        services.save_preferences(user=request.user, deliveries=data, mode=mode)
        messages.success(request, _("Reminder preferences saved."))
        return redirect("reminders:preferences")
    return render(request, "reminders/preferences.html", {"form": form})
