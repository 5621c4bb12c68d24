"""Dashboard panels: my struggling students, and archives gone stale."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.plugins import Panel

from .models import SupportCase
from .monitoring_panel import monitoring_panel


def my_cases(scope):
    return SupportCase.objects.visible_to(scope).filter(term=scope.term).open()


def panels(request) -> list[Panel]:
    scope = request.scope
    if scope.term is None or not (
        scope.school_wide or scope.teaching or scope.headed_class_ids or scope.is_director
    ):
        return []
    cases = my_cases(scope)
    counts = cases.aggregate(
        total=Count("pk"),
        identified=Count("pk", filter=Q(status=SupportCase.Status.IDENTIFIED)),
        in_support=Count("pk", filter=Q(status=SupportCase.Status.IN_SUPPORT)),
    )
    stale = list(
        cases.stale()
        .select_related("student__school_class", "subject")
        .order_by("last_entry_on")[:5]
    )
    stale_total = cases.stale().count() if len(stale) == 5 else len(stale)
    list_url = reverse("archives:case_list")
    monitoring = monitoring_panel(scope)
    return [
        *([monitoring] if monitoring else []),
        Panel(
            title=_("My struggling students"),
            template="archives/_panel_cases.html",
            context={"counts": counts, "url": list_url},
            order=10,
        ),
        Panel(
            title=_("Stale archives"),
            template="archives/_panel_stale.html",
            context={
                "cases": stale,
                "total": stale_total,
                "url": list_url + "?stale=stale",
                "days": settings.ARCHIVE_STALE_DAYS,
            },
            order=11,
        ),
    ]
