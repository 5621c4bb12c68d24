"""The reports panel on the home dashboard, for the roles that read the school's figures."""

from __future__ import annotations

from django.utils.translation import gettext as _

from archives.models import SupportCase
from archives.sheets import scoped_cases
from core.plugins import Panel
from school.reporting import Filters
from school.scoping import ScopedRequest

from . import selectors
from .rules import can_view_dashboard


def panels(request: ScopedRequest) -> list[Panel]:
    scope = request.scope
    if not can_view_dashboard(scope):
        return []
    counts = selectors.status_counts(scoped_cases(scope, Filters(term=scope.term)))
    total = sum(counts.values())
    context = {
        "open_cases": sum(counts[s] for s in SupportCase.OPEN_STATUSES),
        "rate": selectors.Rate(improved=counts[SupportCase.Status.IMPROVED], total=total),
    }
    return [
        Panel(
            title=_("Support at a glance"),
            template="reports/_panel.html",
            context=context,
            order=90,
        )
    ]
