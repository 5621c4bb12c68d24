"""A class's cases at a glance, and last term's open cases carried into this one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.pagination import paginate
from school.scoping import Scope, ScopedRequest, get_object_in_scope
from students.models import Student

from .. import case_services
from ..models import SupportCase

CAUSE_KEYS: dict[str, str] = {
    SupportCase.Cause.WEAK_FOUNDATION: "weak",
    SupportCase.Cause.ATTITUDE: "attitude",
}


def class_counts(cases: QuerySet[SupportCase]) -> dict[str, int]:
    """Open cases by cause and by type, and every case by status: one query."""
    is_open = Q(status__in=SupportCase.OPEN_STATUSES)
    return cases.aggregate(
        total=Count("pk", filter=is_open),
        weak=Count("pk", filter=is_open & Q(cause_weak_foundation=True)),
        attitude=Count("pk", filter=is_open & Q(cause_attitude=True)),
        **{
            f"type_{value}": Count("pk", filter=is_open & Q(difficulty_type=value))
            for value in SupportCase.Type.values
        },
        **{
            f"status_{value}": Count("pk", filter=Q(status=value))
            for value in SupportCase.Status.values
        },
    )


def count_rows(counts: dict[str, int], base: str) -> dict[str, list[tuple]]:
    """(label, count, link to the filtered case list) per cause, type and status."""
    return {
        "cause": [
            (label, counts[CAUSE_KEYS[value]], f"{base}&cause={value}")
            for value, label in SupportCase.Cause.choices
        ],
        "type": [
            (label, counts[f"type_{value}"], f"{base}&type={value}")
            for value, label in SupportCase.Type.choices
        ],
        "status": [
            (label, counts[f"status_{value}"], f"{base}&status={value}")
            for value, label in SupportCase.Status.choices
        ],
    }


@login_required
def class_overview(request: ScopedRequest, class_pk: int) -> HttpResponse:
    scope = request.scope
    school_class = get_object_in_scope(scope.classes(), pk=class_pk)
    cases = SupportCase.objects.visible_to(scope).filter(
        term=scope.term, student__school_class=school_class
    )
    counts = class_counts(cases)
    by_subject = (
        cases.open()
        .values("subject__pk", "subject__name")
        .annotate(n=Count("pk"))
        .order_by("subject__order")
    )
    base = reverse("archives:case_list") + f"?school_class={school_class.pk}"
    return render(
        request,
        "archives/class_overview.html",
        {
            "school_class": school_class,
            "counts": counts,
            "rows": count_rows(counts, base),
            "stale_count": cases.stale().count(),
            "stale_url": f"{base}&stale=stale",
            "by_subject": by_subject,
            "base": base,
        },
    )


def carry_over_candidates(scope: Scope) -> QuerySet[SupportCase]:
    """Last term's open cases this user may see, of students still in school, not yet
    carried over."""
    term = scope.term
    previous = term.previous() if term else None
    if previous is None:
        return SupportCase.objects.none()
    # (NOT IN a list holding NULL matches nothing: leave the NULLs out.)
    taken = SupportCase.objects.filter(term=term, carried_from__isnull=False).values("carried_from")
    return (
        SupportCase.objects.visible_to(scope)
        .filter(term=previous)
        .open()
        .exclude(pk__in=taken)
        .filter(student__status__in=Student.ACTIVE_STATUSES)
    )


@login_required
def carry_over(request: ScopedRequest) -> HttpResponse:
    """Last term's open cases this user may change, to confirm into the current term."""
    scope = request.scope
    term = scope.term
    candidates = carry_over_candidates(scope)
    if request.method == "POST" and term is not None:
        chosen = candidates.filter(pk__in=[v for v in request.POST.getlist("case") if v.isdigit()])
        created = case_services.carry_over(cases=list(chosen), to_term=term, by=request.user)
        messages.success(
            request,
            _("%(n)d cases carried over into %(term)s.") % {"n": len(created), "term": term},
        )
        return redirect("archives:case_list")
    page = paginate(request, candidates)
    return render(
        request,
        "archives/carry_over.html",
        {"page": page, "previous": term.previous() if term else None, "term": term},
    )
