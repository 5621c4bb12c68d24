"""The homework settings (school leaders): limits, caps, the school week, holidays."""

from __future__ import annotations

import datetime

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, When
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import history as change_history
from core.pagination import paginate
from school.models import today
from school.scoping import ScopedRequest, get_object_in_scope

from .. import forms
from ..models import CalendarDay, LoadLimit, SchoolWeek, SubjectCap


@login_required
def limit_list(request: ScopedRequest) -> HttpResponse:
    """The homework settings: daily limits, subjects' caps, the school week and holidays."""
    request.scope.require_school_leader()
    bands = Case(
        When(band="lower", then=0),
        When(band="upper", then=1),
        default=2,
        output_field=IntegerField(),
    )
    page = paginate(request, LoadLimit.objects.order_by(bands))
    caps = SubjectCap.objects.select_related("grade", "subject").order_by(
        "grade__level", "subject__order", "pk"
    )
    upcoming = CalendarDay.objects.filter(date__gte=today() - datetime.timedelta(days=31))
    return render(
        request,
        "homework/limit_list.html",
        {
            "page": page,
            "caps": caps,
            "calendar_days": upcoming.order_by("date")[:60],
            "week": SchoolWeek.current(),
            "can_edit": request.scope.school_wide,
            "changes": _limit_changes(),
            "created_label": _("Created"),
        },
    )


def _limit_changes(limit: LoadLimit | None = None) -> list[change_history.Change]:
    """The daily limits' 修改记录 (one limit's, or every band's), newest first."""
    # Every version (three bands, changed now and then): the oldest shown one needs the
    # version before it to read "before → after", so the list is cut after the diff.
    records = LoadLimit.history.select_related("history_user")
    if limit is not None:
        records = records.filter(id=limit.pk)
    return change_history.changes(records, LoadLimit, subject=lambda r: r.get_band_display())[:50]


def _settings_form(
    request: ScopedRequest, form: django_forms.ModelForm, title: str
) -> HttpResponse:
    """Save a settings form and go back to the settings page, or show it with its errors."""
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("homework:limits")
    return render(
        request,
        "core/form.html",
        {"form": form, "title": title, "back": reverse("homework:limits")},
    )


@login_required
def subject_cap_add(request: ScopedRequest) -> HttpResponse:
    request.scope.require_school_leader()
    form = forms.SubjectCapForm(request.POST or None)
    return _settings_form(request, form, _("A subject's daily cap"))


@login_required
def subject_cap_edit(request: ScopedRequest, cap_pk: int) -> HttpResponse:
    cap = get_object_in_scope(request.scope.admin_queryset(SubjectCap.objects.all()), pk=cap_pk)
    form = forms.SubjectCapForm(request.POST or None, instance=cap)
    return _settings_form(request, form, _("A subject's daily cap"))


@login_required
@require_POST
def subject_cap_remove(request: ScopedRequest, cap_pk: int) -> HttpResponse:
    cap = get_object_in_scope(request.scope.admin_queryset(SubjectCap.objects.all()), pk=cap_pk)
    cap.delete()
    messages.success(request, _("Cap removed."))
    return redirect("homework:limits")


@login_required
def school_week_edit(request: ScopedRequest) -> HttpResponse:
    request.scope.require_school_leader()
    form = forms.SchoolWeekForm(request.POST or None, instance=SchoolWeek.current())
    return _settings_form(request, form, _("School week"))


@login_required
def calendar_day_add(request: ScopedRequest) -> HttpResponse:
    request.scope.require_school_leader()
    form = forms.CalendarDayForm(request.POST or None)
    return _settings_form(request, form, _("A holiday or make-up school day"))


@login_required
@require_POST
def calendar_day_remove(request: ScopedRequest, calendar_day_pk: int) -> HttpResponse:
    day = get_object_in_scope(
        request.scope.admin_queryset(CalendarDay.objects.all()), pk=calendar_day_pk
    )
    day.delete()
    messages.success(request, _("Day removed."))
    return redirect("homework:limits")


@login_required
def limit_edit(request: ScopedRequest, limit_pk: int) -> HttpResponse:
    limit = get_object_in_scope(request.scope.admin_queryset(LoadLimit.objects.all()), pk=limit_pk)
    form = forms.LoadLimitForm(request.POST or None, instance=limit)
    if request.method == "POST" and form.is_valid():
        # The limits the migration made have no history: their values become the first
        # version, so the 修改记录 reads "before → after".
        change_history.seed_creation_entries([LoadLimit])
        form.save()
        messages.success(request, _("Limit saved."))
        return redirect("homework:limits")
    return render(
        request,
        "homework/limit_form.html",
        {
            "form": form,
            "title": _("Daily limit: %(band)s") % {"band": limit.get_band_display()},
            "back": reverse("homework:limits"),
            "changes": _limit_changes(limit),
            "created_label": _("Created"),
        },
    )
