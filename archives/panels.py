"""Dashboard panels: my struggling students, and archives gone stale."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.plugins import Panel
from school.models import today

from .models import AgreedAction, SupportCase
from .models.cases import stale_q
from .monitoring_panel import monitoring_panel


def my_cases(scope):
    return SupportCase.objects.visible_to(scope).filter(term=scope.term).open()


# The panel reads at most this many open actions (one query); more shows as "100+".
PANEL_ACTIONS_READ = 100


def my_actions_panel(request) -> Panel | None:
    """我的待办: the user's open agreed actions by due date, overdue in red (one query)."""
    scope = request.scope
    actions = list(
        AgreedAction.objects.visible_to(scope)
        .open()
        .filter(owner=scope.user)
        .order_by("due_on", "pk")[:PANEL_ACTIONS_READ]
    )
    if not actions and not (scope.teaching or scope.headed_class_ids):
        return None
    now = today()
    total = len(actions)
    return Panel(
        title=_("My to-dos"),
        template="archives/_panel_actions.html",
        context={
            "actions": actions[:5],
            "today": now,
            "total": f"{total}+" if total == PANEL_ACTIONS_READ else total,
            "overdue": sum(1 for a in actions if a.due_on < now),
        },
        order=5,
    )


def panels(request) -> list[Panel]:
    scope = request.scope
    if not scope.is_authenticated:
        return []
    mine = my_actions_panel(request)
    return ([mine] if mine else []) + case_panels(request)


def case_panels(request) -> list[Panel]:
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
        stale=Count("pk", filter=stale_q()),  # as cases.stale().count(), in the same query
    )
    stale = list(
        cases.stale()
        .select_related("student__school_class", "subject")
        .order_by("last_entry_on")[:5]
    )
    stale_total = counts.pop("stale")
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
