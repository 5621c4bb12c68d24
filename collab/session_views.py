"""Sharing sessions: what was presented (case studies, strategies), who came, what was agreed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.forms import submit
from core.idempotency import create_once
from core.pagination import paginate
from school.scoping import ScopedRequest, get_object_in_scope

from . import session_services
from .forms import SessionForm
from .models import SharingSession
from .selectors import sessions_visible_to


def _sessions(request: ScopedRequest):
    return sessions_visible_to(request.scope)


@login_required
def session_list(request: ScopedRequest) -> HttpResponse:
    page = paginate(request, _sessions(request).prefetch_related("presenters"))
    return render(request, "collab/session_list.html", {"page": page})


def _form_view(request: ScopedRequest, session: SharingSession | None) -> HttpResponse:
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        saved = submit(
            form, session_services.save_session, scope=request.scope, session=session, **data
        )
        if saved is not None:
            messages.success(request, _("Sharing session saved."))
            return redirect("collab:session", session_pk=saved.pk)
    return render(
        request,
        "collab/session_form.html",
        {
            "form": form,
            "title": _("Edit the sharing session") if session else _("Record a sharing session"),
            "back": reverse("collab:sessions"),
        },
    )


@login_required
@create_once
def session_create(request: ScopedRequest) -> HttpResponse:
    return _form_view(request, None)


@login_required
def session_edit(request: ScopedRequest, session_pk: int) -> HttpResponse:
    session = get_object_in_scope(_sessions(request), pk=session_pk)
    if not session_services.can_edit(request.scope, session):
        raise PermissionDenied
    return _form_view(request, session)


@login_required
def session_detail(request: ScopedRequest, session_pk: int) -> HttpResponse:
    session = get_object_in_scope(_sessions(request), pk=session_pk)
    return render(
        request,
        "collab/session_detail.html",
        {"session": session, "can_edit": session_services.can_edit(request.scope, session)},
    )
