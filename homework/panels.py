"""Dashboard card: today's homework load of the classes one leads, teaches or heads."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.plugins import Panel
from school.models import SchoolClass, today

from .load import day_loads


def panels(request) -> list[Panel]:
    scope = request.scope
    if scope.term is None or scope.school_wide:
        return []
    class_ids = scope.led_class_ids | scope.headed_class_ids | scope.taught_class_ids
    if not class_ids:
        return []
    day = today()
    classes = list(
        SchoolClass.objects.select_related("grade").filter(pk__in=class_ids, is_active=True)
    )
    # The card shows the load, not the calendar: two queries fewer on every dashboard.
    loads = day_loads(classes, [day], calendar=False)
    return [
        Panel(
            title=_("Today's homework load"),
            template="homework/_dashboard_panel.html",
            context={"loads": [loads[(c.pk, day)] for c in classes], "day": day},
            order=30,
        )
    ]
