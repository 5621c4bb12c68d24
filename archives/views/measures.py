"""The school's list of support measures: school leaders add and edit them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.pagination import paginate
from school.scoping import ScopedRequest, get_object_in_scope

from ..case_forms import MeasureForm
from ..models import SupportMeasure


@login_required
def measure_list(request: ScopedRequest) -> HttpResponse:
    request.scope.require_school_leader()
    page = paginate(request, SupportMeasure.objects.all())
    return render(request, "archives/measure_list.html", {"page": page})


@login_required
def measure_form(request: ScopedRequest, measure_pk: int | None = None) -> HttpResponse:
    scope = request.scope
    measure = None
    if measure_pk is not None:
        measure = get_object_in_scope(
            scope.admin_queryset(SupportMeasure.objects.all()), pk=measure_pk
        )
    else:
        scope.require_school_leader()
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Measure saved."))
        return redirect("archives:measure_list")
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Edit measure") if measure else _("New measure"),
            "back": reverse("archives:measure_list"),
        },
    )
